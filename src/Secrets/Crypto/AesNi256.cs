using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;
using Sse2 = System.Runtime.Intrinsics.X86.Sse2;

namespace Qcrypto.Crypto;

/// <summary>
/// AES-256 on the CPU's AES instructions (AES-NI), with the key schedule in a pinned array that is
/// zeroed on <see cref="Dispose"/>. Why not System.Security.Cryptography: for a one-shot secret the
/// cost is loading and initialising OpenSSL (dlopen, provider fetch): two thirds of a `qcrypto secret
/// encrypt` run, measured with callgrind. The instructions are constant-time; results are checked
/// against OpenSSL in the tests. Key expansion follows FIPS-197 with AESKEYGENASSIST (Intel's AES-NI
/// white paper, figure 29).
/// </summary>
internal sealed class AesNi256 : IDisposable
{
    private const int Rounds = 14;

    // Encryption round keys 0..14, then decryption round keys 0..14 (InverseMixColumns applied).
    private readonly Vector128<byte>[] _keys = GC.AllocateArray<Vector128<byte>>(2 * (Rounds + 1), pinned: true);

    public AesNi256(ReadOnlySpan<byte> key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException("AES-256 needs a 32-byte key", nameof(key));
        }

        Expand(key, _keys);
    }

    public static bool IsSupported => X86Aes.IsSupported && Sse2.IsSupported;

    /// <summary>CBC encryption of whole blocks; <paramref name="output"/> may be <paramref name="input"/>.</summary>
    public void EncryptCbc(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, Span<byte> output)
    {
        CheckLengths(iv, input, output);
        var rk = _keys.AsSpan(0, Rounds + 1);
        var chain = Load(iv, 0);
        for (var offset = 0; offset < input.Length; offset += 16)
        {
            var x = Sse2.Xor(Load(input, offset), chain);
            x = Sse2.Xor(x, rk[0]);
            for (var r = 1; r < Rounds; r++)
            {
                x = X86Aes.Encrypt(x, rk[r]);
            }

            chain = X86Aes.EncryptLast(x, rk[Rounds]);
            Store(chain, output, offset);
        }
    }

    /// <summary>CBC decryption of whole blocks; <paramref name="output"/> may be <paramref name="input"/>.</summary>
    public void DecryptCbc(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, Span<byte> output)
    {
        CheckLengths(iv, input, output);
        var dk = _keys.AsSpan(Rounds + 1, Rounds + 1);
        var chain = Load(iv, 0);
        for (var offset = 0; offset < input.Length; offset += 16)
        {
            var c = Load(input, offset);
            var x = Sse2.Xor(c, dk[0]);
            for (var r = 1; r < Rounds; r++)
            {
                x = X86Aes.Decrypt(x, dk[r]);
            }

            x = X86Aes.DecryptLast(x, dk[Rounds]);
            Store(Sse2.Xor(x, chain), output, offset);
            chain = c;
        }
    }

    public void Dispose() => CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_keys.AsSpan()));

    private static void Expand(ReadOnlySpan<byte> key, Vector128<byte>[] keys)
    {
        var rk = keys.AsSpan(0, Rounds + 1);
        var a = Load(key, 0);
        var b = Load(key, 16);
        rk[0] = a;
        rk[1] = b;

        // AESKEYGENASSIST takes its round constant as an immediate, hence the unrolled schedule.
        // Even round keys: SubWord(RotWord(last word of b)) ^ rcon (lane 3); odd ones: SubWord(last word of a) (lane 2).
        rk[2] = a = Mix(a, Lane3(X86Aes.KeygenAssist(b, 0x01)));
        rk[3] = b = Mix(b, Lane2(X86Aes.KeygenAssist(a, 0x00)));
        rk[4] = a = Mix(a, Lane3(X86Aes.KeygenAssist(b, 0x02)));
        rk[5] = b = Mix(b, Lane2(X86Aes.KeygenAssist(a, 0x00)));
        rk[6] = a = Mix(a, Lane3(X86Aes.KeygenAssist(b, 0x04)));
        rk[7] = b = Mix(b, Lane2(X86Aes.KeygenAssist(a, 0x00)));
        rk[8] = a = Mix(a, Lane3(X86Aes.KeygenAssist(b, 0x08)));
        rk[9] = b = Mix(b, Lane2(X86Aes.KeygenAssist(a, 0x00)));
        rk[10] = a = Mix(a, Lane3(X86Aes.KeygenAssist(b, 0x10)));
        rk[11] = b = Mix(b, Lane2(X86Aes.KeygenAssist(a, 0x00)));
        rk[12] = a = Mix(a, Lane3(X86Aes.KeygenAssist(b, 0x20)));
        rk[13] = b = Mix(b, Lane2(X86Aes.KeygenAssist(a, 0x00)));
        rk[14] = Mix(a, Lane3(X86Aes.KeygenAssist(b, 0x40)));

        var dk = keys.AsSpan(Rounds + 1, Rounds + 1);
        dk[0] = rk[Rounds];
        for (var r = 1; r < Rounds; r++)
        {
            dk[r] = X86Aes.InverseMixColumns(rk[Rounds - r]);
        }

        dk[Rounds] = rk[0];
    }

    private static Vector128<byte> Lane3(Vector128<byte> v) => Sse2.Shuffle(v.AsInt32(), 0xFF).AsByte();

    private static Vector128<byte> Lane2(Vector128<byte> v) => Sse2.Shuffle(v.AsInt32(), 0xAA).AsByte();

    /// <summary>w ^= w &lt;&lt; 32 ^ w &lt;&lt; 64 ^ w &lt;&lt; 96, then ^ t: the running XOR of the key schedule.</summary>
    private static Vector128<byte> Mix(Vector128<byte> w, Vector128<byte> t)
    {
        var s = Sse2.ShiftLeftLogical128BitLane(w, 4);
        w = Sse2.Xor(w, s);
        s = Sse2.ShiftLeftLogical128BitLane(s, 4);
        w = Sse2.Xor(w, s);
        s = Sse2.ShiftLeftLogical128BitLane(s, 4);
        w = Sse2.Xor(w, s);
        return Sse2.Xor(w, t);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Load(ReadOnlySpan<byte> source, int offset) =>
        Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(source), (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector128<byte> value, Span<byte> destination, int offset) =>
        value.StoreUnsafe(ref MemoryMarshal.GetReference(destination), (nuint)offset);

    private static void CheckLengths(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (iv.Length != 16 || input.Length % 16 != 0 || output.Length < input.Length)
        {
            throw new ArgumentException("CBC needs a 16-byte IV, whole blocks and room for the output");
        }
    }
}
