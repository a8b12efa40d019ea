using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using Pclmul = System.Runtime.Intrinsics.X86.Pclmulqdq;
using Sse2 = System.Runtime.Intrinsics.X86.Sse2;
using Ssse3 = System.Runtime.Intrinsics.X86.Ssse3;

namespace Qcrypto.Primitives.Symmetric;

/// <summary>
/// GHASH (NIST SP 800-38D) with carry-less multiplication. Blocks are byte-reversed so GF(2^128)
/// elements become ordinary 128-bit integers; the product is shifted left by one bit and reduced
/// modulo x^128 + x^7 + x^2 + x + 1 as in Intel's "Carry-Less Multiplication and Its Usage for
/// Computing the GCM Mode" (Gueron, Kounavis), algorithm 5. Checked against OpenSSL in the tests.
/// </summary>
internal ref struct Ghash
{
    private static readonly Vector128<byte> ByteReverse = Vector128.Create((byte)15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);

    private readonly Vector128<ulong> _h;
    private Vector128<ulong> _y;

    /// <summary>Starts with H = E(K, 0^128), as the cipher produced it.</summary>
    public Ghash(Vector128<byte> h)
    {
        _h = Ssse3.Shuffle(h, ByteReverse).AsUInt64();
        _y = Vector128<ulong>.Zero;
    }

    public static bool IsSupported => Pclmul.IsSupported && Ssse3.IsSupported;

    /// <summary>Absorbs <paramref name="data"/>, zero-padding its last partial block (as GCM does for A and C).</summary>
    public void Update(ReadOnlySpan<byte> data)
    {
        var offset = 0;
        for (; offset + 16 <= data.Length; offset += 16)
        {
            Block(Vector128.Create(data.Slice(offset, 16)));
        }

        if (offset < data.Length)
        {
            Span<byte> last = stackalloc byte[16];
            last.Clear();
            data[offset..].CopyTo(last);
            Block(Vector128.Create((ReadOnlySpan<byte>)last));
        }
    }

    /// <summary>Absorbs one whole block.</summary>
    public void Block(Vector128<byte> block) =>
        _y = Multiply(Sse2.Xor(_y, Ssse3.Shuffle(block, ByteReverse).AsUInt64()), _h);

    /// <summary>The running value, back in GCM byte order.</summary>
    public readonly Vector128<byte> Value => Ssse3.Shuffle(_y.AsByte(), ByteReverse);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<ulong> Multiply(Vector128<ulong> a, Vector128<ulong> b)
    {
        var lo = Pclmul.CarrylessMultiply(a, b, 0x00);
        var mid = Sse2.Xor(Pclmul.CarrylessMultiply(a, b, 0x10), Pclmul.CarrylessMultiply(a, b, 0x01));
        var hi = Pclmul.CarrylessMultiply(a, b, 0x11);
        lo = Sse2.Xor(lo, Sse2.ShiftLeftLogical128BitLane(mid, 8));
        hi = Sse2.Xor(hi, Sse2.ShiftRightLogical128BitLane(mid, 8));

        // The 256-bit product hi:lo, shifted left by one bit (the operands were bit-reflected).
        var lo32 = lo.AsUInt32();
        var hi32 = hi.AsUInt32();
        var carryLo = Sse2.ShiftRightLogical(lo32, 31);
        var carryHi = Sse2.ShiftRightLogical(hi32, 31);
        lo32 = Sse2.ShiftLeftLogical(lo32, 1);
        hi32 = Sse2.ShiftLeftLogical(hi32, 1);
        var crossing = Sse2.ShiftRightLogical128BitLane(carryLo, 12);
        carryHi = Sse2.ShiftLeftLogical128BitLane(carryHi, 4);
        carryLo = Sse2.ShiftLeftLogical128BitLane(carryLo, 4);
        lo32 = Sse2.Or(lo32, carryLo);
        hi32 = Sse2.Or(Sse2.Or(hi32, carryHi), crossing);

        // Reduction, first phase.
        var t = Sse2.Xor(Sse2.Xor(Sse2.ShiftLeftLogical(lo32, 31), Sse2.ShiftLeftLogical(lo32, 30)), Sse2.ShiftLeftLogical(lo32, 25));
        var t2 = Sse2.ShiftRightLogical128BitLane(t, 4);
        t = Sse2.ShiftLeftLogical128BitLane(t, 12);
        lo32 = Sse2.Xor(lo32, t);

        // Second phase.
        var s = Sse2.Xor(Sse2.Xor(Sse2.ShiftRightLogical(lo32, 1), Sse2.ShiftRightLogical(lo32, 2)), Sse2.ShiftRightLogical(lo32, 7));
        s = Sse2.Xor(s, t2);
        lo32 = Sse2.Xor(lo32, s);
        return Sse2.Xor(hi32, lo32).AsUInt64();
    }
}
