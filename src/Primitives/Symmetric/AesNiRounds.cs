using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;
using Sse2 = System.Runtime.Intrinsics.X86.Sse2;

namespace Qcrypto.Primitives.Symmetric;

/// <summary>One direction of the AES round function: AESENC/AESENCLAST or AESDEC/AESDECLAST.</summary>
internal interface IAesDirection
{
    static abstract Vector128<byte> Round(Vector128<byte> x, Vector128<byte> key);

    static abstract Vector128<byte> LastRound(Vector128<byte> x, Vector128<byte> key);
}

/// <summary>Encryption rounds (with the encryption key schedule).</summary>
internal readonly struct AesEncryptDirection : IAesDirection
{
    public static Vector128<byte> Round(Vector128<byte> x, Vector128<byte> key) => X86Aes.Encrypt(x, key);

    public static Vector128<byte> LastRound(Vector128<byte> x, Vector128<byte> key) => X86Aes.EncryptLast(x, key);
}

/// <summary>Decryption rounds (with the equivalent inverse cipher's key schedule, FIPS-197 5.3.5).</summary>
internal readonly struct AesDecryptDirection : IAesDirection
{
    public static Vector128<byte> Round(Vector128<byte> x, Vector128<byte> key) => X86Aes.Decrypt(x, key);

    public static Vector128<byte> LastRound(Vector128<byte> x, Vector128<byte> key) => X86Aes.DecryptLast(x, key);
}

/// <summary>
/// The whole cipher over a schedule of Nr+1 round keys, for one block or four at once (four
/// independent blocks hide the AESENC/AESDEC latency). Generic over the direction with struct type
/// arguments, so each direction gets its own specialised code: one source, no dispatch.
/// </summary>
internal static class AesNiRounds
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Block<TDirection>(ReadOnlySpan<Vector128<byte>> keys, Vector128<byte> x)
        where TDirection : struct, IAesDirection
    {
        var last = keys.Length - 1;
        x = Sse2.Xor(x, keys[0]);
        for (var r = 1; r < last; r++)
        {
            x = TDirection.Round(x, keys[r]);
        }

        return TDirection.LastRound(x, keys[last]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Blocks4<TDirection>(ReadOnlySpan<Vector128<byte>> keys, ref Vector128<byte> b0, ref Vector128<byte> b1, ref Vector128<byte> b2, ref Vector128<byte> b3)
        where TDirection : struct, IAesDirection
    {
        var last = keys.Length - 1;
        var k = keys[0];
        b0 = Sse2.Xor(b0, k);
        b1 = Sse2.Xor(b1, k);
        b2 = Sse2.Xor(b2, k);
        b3 = Sse2.Xor(b3, k);
        for (var r = 1; r < last; r++)
        {
            k = keys[r];
            b0 = TDirection.Round(b0, k);
            b1 = TDirection.Round(b1, k);
            b2 = TDirection.Round(b2, k);
            b3 = TDirection.Round(b3, k);
        }

        k = keys[last];
        b0 = TDirection.LastRound(b0, k);
        b1 = TDirection.LastRound(b1, k);
        b2 = TDirection.LastRound(b2, k);
        b3 = TDirection.LastRound(b3, k);
    }

    /// <summary>ECB over whole blocks, four at a time; <paramref name="dst"/> may alias <paramref name="src"/> exactly.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Ecb<TDirection>(ReadOnlySpan<Vector128<byte>> keys, ReadOnlySpan<byte> src, Span<byte> dst)
        where TDirection : struct, IAesDirection
    {
        var offset = 0;
        for (; offset + 64 <= src.Length; offset += 64)
        {
            var b0 = Load(src, offset);
            var b1 = Load(src, offset + 16);
            var b2 = Load(src, offset + 32);
            var b3 = Load(src, offset + 48);
            Blocks4<TDirection>(keys, ref b0, ref b1, ref b2, ref b3);
            Store(b0, dst, offset);
            Store(b1, dst, offset + 16);
            Store(b2, dst, offset + 32);
            Store(b3, dst, offset + 48);
        }

        for (; offset < src.Length; offset += 16)
        {
            Store(Block<TDirection>(keys, Load(src, offset)), dst, offset);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Load(ReadOnlySpan<byte> source, int offset) =>
        Vector128.Create(source.Slice(offset, 16));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(Vector128<byte> value, Span<byte> destination, int offset) =>
        value.CopyTo(destination.Slice(offset, 16));
}
