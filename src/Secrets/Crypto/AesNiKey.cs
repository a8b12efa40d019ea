using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;
using Sse2 = System.Runtime.Intrinsics.X86.Sse2;
using Ssse3 = System.Runtime.Intrinsics.X86.Ssse3;

namespace Qcrypto.Crypto;

/// <summary>
/// AES-128/192/256 on AES-NI. Why not System.Security.Cryptography for these modes: its one-shot
/// calls set up an OpenSSL cipher context per call, several times the cost of encrypting a 64-byte
/// request. The key schedule is expanded word by word (FIPS-197 KeyExpansion) with AESKEYGENASSIST
/// doing SubWord, so one routine serves all three key sizes; round keys live in a pinned array that
/// is zeroed on <see cref="Dispose"/>. Modes whose blocks are independent (ECB, CBC decryption, CTR)
/// run four blocks at a time to hide the AESENC latency; CBC encryption is serial by nature.
/// Checked against `openssl enc` in the tests.
/// </summary>
internal sealed class AesNiKey : AesKey
{
    private readonly Vector128<byte>[] _keys;
    private readonly int _rounds;

    public AesNiKey(ReadOnlySpan<byte> key)
    {
        if (!IsValidKeyLength(key.Length))
        {
            throw new ArgumentException("AES needs a 16, 24 or 32-byte key", nameof(key));
        }

        var nk = key.Length / 4;
        _rounds = nk + 6;
        _keys = GC.AllocateArray<Vector128<byte>>(2 * (_rounds + 1), pinned: true);
        Expand(key, nk, _rounds, _keys);
    }

    public static bool IsSupported => X86Aes.IsSupported && Sse2.IsSupported && Ssse3.IsSupported;

    public int Rounds => _rounds;

    private ReadOnlySpan<Vector128<byte>> EncKeys => _keys.AsSpan(0, _rounds + 1);

    private ReadOnlySpan<Vector128<byte>> DecKeys => _keys.AsSpan(_rounds + 1, _rounds + 1);

    public override void EncryptEcb(ReadOnlySpan<byte> src, Span<byte> dst)
    {
        var rk = EncKeys;
        var offset = 0;
        for (; offset + 64 <= src.Length; offset += 64)
        {
            var b0 = Load(src, offset);
            var b1 = Load(src, offset + 16);
            var b2 = Load(src, offset + 32);
            var b3 = Load(src, offset + 48);
            Encrypt4(rk, ref b0, ref b1, ref b2, ref b3);
            Store(b0, dst, offset);
            Store(b1, dst, offset + 16);
            Store(b2, dst, offset + 32);
            Store(b3, dst, offset + 48);
        }

        for (; offset < src.Length; offset += 16)
        {
            Store(Encrypt(rk, Load(src, offset)), dst, offset);
        }
    }

    public override void DecryptEcb(ReadOnlySpan<byte> src, Span<byte> dst)
    {
        var dk = DecKeys;
        var offset = 0;
        for (; offset + 64 <= src.Length; offset += 64)
        {
            var b0 = Load(src, offset);
            var b1 = Load(src, offset + 16);
            var b2 = Load(src, offset + 32);
            var b3 = Load(src, offset + 48);
            Decrypt4(dk, ref b0, ref b1, ref b2, ref b3);
            Store(b0, dst, offset);
            Store(b1, dst, offset + 16);
            Store(b2, dst, offset + 32);
            Store(b3, dst, offset + 48);
        }

        for (; offset < src.Length; offset += 16)
        {
            Store(Decrypt(dk, Load(src, offset)), dst, offset);
        }
    }

    public override void EncryptCbc(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> src, Span<byte> dst)
    {
        if (dst.Length < src.Length || iv.Length < 16)
        {
            throw new ArgumentException("CBC needs a 16-byte IV and room for the output");
        }

        if (_rounds == 14)
        {
            EncryptCbc256(iv, src, dst);
            return;
        }

        var rk = EncKeys;
        var chain = Load(iv, 0);
        var last = _rounds;
        for (var offset = 0; offset + 16 <= src.Length; offset += 16)
        {
            var x = Sse2.Xor(Sse2.Xor(Load(src, offset), chain), rk[0]);
            for (var r = 1; r < last; r++)
            {
                x = X86Aes.Encrypt(x, rk[r]);
            }

            chain = X86Aes.EncryptLast(x, rk[last]);
            Store(chain, dst, offset);
        }
    }

    /// <summary>
    /// AES-256-CBC encryption with the 15 round keys held in registers: CBC encryption is one long
    /// chain of AESENC latencies, and a loop reloading keys and checking bounds between them doubled
    /// the time of a 64-byte request (measured).
    /// </summary>
    private void EncryptCbc256(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> src, Span<byte> dst)
    {
        ref var keys = ref MemoryMarshal.GetArrayDataReference(_keys);
        var k0 = keys;
        var k1 = Unsafe.Add(ref keys, 1);
        var k2 = Unsafe.Add(ref keys, 2);
        var k3 = Unsafe.Add(ref keys, 3);
        var k4 = Unsafe.Add(ref keys, 4);
        var k5 = Unsafe.Add(ref keys, 5);
        var k6 = Unsafe.Add(ref keys, 6);
        var k7 = Unsafe.Add(ref keys, 7);
        var k8 = Unsafe.Add(ref keys, 8);
        var k9 = Unsafe.Add(ref keys, 9);
        var k10 = Unsafe.Add(ref keys, 10);
        var k11 = Unsafe.Add(ref keys, 11);
        var k12 = Unsafe.Add(ref keys, 12);
        var k13 = Unsafe.Add(ref keys, 13);
        var k14 = Unsafe.Add(ref keys, 14);
        ref var input = ref MemoryMarshal.GetReference(src);
        ref var output = ref MemoryMarshal.GetReference(dst);
        var chain = Vector128.LoadUnsafe(ref MemoryMarshal.GetReference(iv));
        var blocks = (nuint)(src.Length / 16);
        for (nuint i = 0; i < blocks; i++)
        {
            var x = Sse2.Xor(Sse2.Xor(Vector128.LoadUnsafe(ref input, 16 * i), chain), k0);
            x = X86Aes.Encrypt(x, k1);
            x = X86Aes.Encrypt(x, k2);
            x = X86Aes.Encrypt(x, k3);
            x = X86Aes.Encrypt(x, k4);
            x = X86Aes.Encrypt(x, k5);
            x = X86Aes.Encrypt(x, k6);
            x = X86Aes.Encrypt(x, k7);
            x = X86Aes.Encrypt(x, k8);
            x = X86Aes.Encrypt(x, k9);
            x = X86Aes.Encrypt(x, k10);
            x = X86Aes.Encrypt(x, k11);
            x = X86Aes.Encrypt(x, k12);
            x = X86Aes.Encrypt(x, k13);
            chain = X86Aes.EncryptLast(x, k14);
            chain.StoreUnsafe(ref output, 16 * i);
        }
    }

    public override void DecryptCbc(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> src, Span<byte> dst)
    {
        var dk = DecKeys;
        var chain = Load(iv, 0);
        var offset = 0;
        for (; offset + 64 <= src.Length; offset += 64)
        {
            var c0 = Load(src, offset);
            var c1 = Load(src, offset + 16);
            var c2 = Load(src, offset + 32);
            var c3 = Load(src, offset + 48);
            var b0 = c0;
            var b1 = c1;
            var b2 = c2;
            var b3 = c3;
            Decrypt4(dk, ref b0, ref b1, ref b2, ref b3);

            // Stores after all loads: dst may be src.
            Store(Sse2.Xor(b0, chain), dst, offset);
            Store(Sse2.Xor(b1, c0), dst, offset + 16);
            Store(Sse2.Xor(b2, c1), dst, offset + 32);
            Store(Sse2.Xor(b3, c2), dst, offset + 48);
            chain = c3;
        }

        for (; offset < src.Length; offset += 16)
        {
            var c = Load(src, offset);
            Store(Sse2.Xor(Decrypt(dk, c), chain), dst, offset);
            chain = c;
        }
    }

    public override void Ctr(ReadOnlySpan<byte> counter, ReadOnlySpan<byte> src, Span<byte> dst, bool counter32 = false)
    {
        var rk = EncKeys;

        // The counter as two big-endian halves; each block's counter is byte-swapped into place.
        var high = BinaryPrimitives.ReadUInt64BigEndian(counter);
        var low = BinaryPrimitives.ReadUInt64BigEndian(counter[8..]);
        var offset = 0;
        for (; offset + 64 <= src.Length; offset += 64)
        {
            var k0 = Counter(high, low);
            Next(ref high, ref low, counter32);
            var k1 = Counter(high, low);
            Next(ref high, ref low, counter32);
            var k2 = Counter(high, low);
            Next(ref high, ref low, counter32);
            var k3 = Counter(high, low);
            Next(ref high, ref low, counter32);
            Encrypt4(rk, ref k0, ref k1, ref k2, ref k3);
            Store(Sse2.Xor(Load(src, offset), k0), dst, offset);
            Store(Sse2.Xor(Load(src, offset + 16), k1), dst, offset + 16);
            Store(Sse2.Xor(Load(src, offset + 32), k2), dst, offset + 32);
            Store(Sse2.Xor(Load(src, offset + 48), k3), dst, offset + 48);
        }

        for (; offset + 16 <= src.Length; offset += 16)
        {
            var k = Encrypt(rk, Counter(high, low));
            Next(ref high, ref low, counter32);
            Store(Sse2.Xor(Load(src, offset), k), dst, offset);
        }

        if (offset < src.Length)
        {
            Span<byte> stream = stackalloc byte[16];
            Store(Encrypt(rk, Counter(high, low)), stream, 0);
            for (var i = offset; i < src.Length; i++)
            {
                dst[i] = (byte)(src[i] ^ stream[i - offset]);
            }

            CryptographicOperations.ZeroMemory(stream);
        }
    }

    /// <summary>One block, for GCM's H and E(K, J0), CMAC and XTS tweaks.</summary>
    public Vector128<byte> EncryptBlock(Vector128<byte> block) => Encrypt(EncKeys, block);

    public Vector128<byte> DecryptBlock(Vector128<byte> block) => Decrypt(DecKeys, block);

    public override void Dispose() => CryptographicOperations.ZeroMemory(MemoryMarshal.AsBytes(_keys.AsSpan()));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Counter(ulong high, ulong low) =>
        Vector128.Create(BinaryPrimitives.ReverseEndianness(high), BinaryPrimitives.ReverseEndianness(low)).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Next(ref ulong high, ref ulong low, bool counter32)
    {
        if (counter32)
        {
            low = (low & 0xFFFFFFFF00000000UL) | (uint)(low + 1);
            return;
        }

        low++;
        if (low == 0)
        {
            high++;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Encrypt(ReadOnlySpan<Vector128<byte>> rk, Vector128<byte> x)
    {
        var last = rk.Length - 1;
        x = Sse2.Xor(x, rk[0]);
        for (var r = 1; r < last; r++)
        {
            x = X86Aes.Encrypt(x, rk[r]);
        }

        return X86Aes.EncryptLast(x, rk[last]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Decrypt(ReadOnlySpan<Vector128<byte>> dk, Vector128<byte> x)
    {
        var last = dk.Length - 1;
        x = Sse2.Xor(x, dk[0]);
        for (var r = 1; r < last; r++)
        {
            x = X86Aes.Decrypt(x, dk[r]);
        }

        return X86Aes.DecryptLast(x, dk[last]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Encrypt4(ReadOnlySpan<Vector128<byte>> rk, ref Vector128<byte> b0, ref Vector128<byte> b1, ref Vector128<byte> b2, ref Vector128<byte> b3)
    {
        var last = rk.Length - 1;
        var k = rk[0];
        b0 = Sse2.Xor(b0, k);
        b1 = Sse2.Xor(b1, k);
        b2 = Sse2.Xor(b2, k);
        b3 = Sse2.Xor(b3, k);
        for (var r = 1; r < last; r++)
        {
            k = rk[r];
            b0 = X86Aes.Encrypt(b0, k);
            b1 = X86Aes.Encrypt(b1, k);
            b2 = X86Aes.Encrypt(b2, k);
            b3 = X86Aes.Encrypt(b3, k);
        }

        k = rk[last];
        b0 = X86Aes.EncryptLast(b0, k);
        b1 = X86Aes.EncryptLast(b1, k);
        b2 = X86Aes.EncryptLast(b2, k);
        b3 = X86Aes.EncryptLast(b3, k);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Decrypt4(ReadOnlySpan<Vector128<byte>> dk, ref Vector128<byte> b0, ref Vector128<byte> b1, ref Vector128<byte> b2, ref Vector128<byte> b3)
    {
        var last = dk.Length - 1;
        var k = dk[0];
        b0 = Sse2.Xor(b0, k);
        b1 = Sse2.Xor(b1, k);
        b2 = Sse2.Xor(b2, k);
        b3 = Sse2.Xor(b3, k);
        for (var r = 1; r < last; r++)
        {
            k = dk[r];
            b0 = X86Aes.Decrypt(b0, k);
            b1 = X86Aes.Decrypt(b1, k);
            b2 = X86Aes.Decrypt(b2, k);
            b3 = X86Aes.Decrypt(b3, k);
        }

        k = dk[last];
        b0 = X86Aes.DecryptLast(b0, k);
        b1 = X86Aes.DecryptLast(b1, k);
        b2 = X86Aes.DecryptLast(b2, k);
        b3 = X86Aes.DecryptLast(b3, k);
    }

    /// <summary>
    /// FIPS-197 KeyExpansion on 32-bit words (little-endian loads keep the key's byte order in each
    /// vector lane). SubWord is AESKEYGENASSIST's lane 0 for the word placed in lane 1, which keeps
    /// the S-box constant-time; RotWord on a little-endian word is a right rotation by 8 bits.
    /// </summary>
    private static void Expand(ReadOnlySpan<byte> key, int nk, int rounds, Vector128<byte>[] keys)
    {
        var total = 4 * (rounds + 1);
        Span<uint> w = stackalloc uint[60];
        for (var i = 0; i < nk; i++)
        {
            w[i] = BinaryPrimitives.ReadUInt32LittleEndian(key[(4 * i)..]);
        }

        uint rcon = 1;
        for (var i = nk; i < total; i++)
        {
            var temp = w[i - 1];
            if (i % nk == 0)
            {
                temp = BitOperations.RotateRight(SubWord(temp), 8) ^ rcon;
                rcon = rcon << 1 ^ ((rcon & 0x80) != 0 ? 0x11bu : 0u);
            }
            else if (nk > 6 && i % nk == 4)
            {
                temp = SubWord(temp);
            }

            w[i] = w[i - nk] ^ temp;
        }

        for (var r = 0; r <= rounds; r++)
        {
            keys[r] = Vector128.Create(w[4 * r], w[4 * r + 1], w[4 * r + 2], w[4 * r + 3]).AsByte();
        }

        keys[rounds + 1] = keys[rounds];
        for (var r = 1; r < rounds; r++)
        {
            keys[rounds + 1 + r] = X86Aes.InverseMixColumns(keys[rounds - r]);
        }

        keys[2 * rounds + 1] = keys[0];
        CryptographicOperations.ZeroMemory(System.Runtime.InteropServices.MemoryMarshal.AsBytes(w));
    }

    private static uint SubWord(uint word) =>
        X86Aes.KeygenAssist(Vector128.Create(0u, word, 0u, 0u).AsByte(), 0).AsUInt32().ToScalar();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> Load(ReadOnlySpan<byte> source, int offset) =>
        Vector128.Create(source.Slice(offset, 16));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(Vector128<byte> value, Span<byte> destination, int offset) =>
        value.CopyTo(destination.Slice(offset, 16));
}
