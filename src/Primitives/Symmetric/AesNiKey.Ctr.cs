using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using static Qcrypto.Primitives.Symmetric.AesNiRounds;
using Sse2 = System.Runtime.Intrinsics.X86.Sse2;

namespace Qcrypto.Primitives.Symmetric;

/// <summary>CTR on AES-NI, four counter blocks at a time: the 128-bit counter, or GCM's 32-bit one.</summary>
public sealed partial class AesNiKey
{
    private protected override void CtrCore(ReadOnlySpan<byte> counter, ReadOnlySpan<byte> src, Span<byte> dst, bool counter32)
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
            Blocks4<AesEncryptDirection>(rk, ref k0, ref k1, ref k2, ref k3);
            Store(Sse2.Xor(Load(src, offset), k0), dst, offset);
            Store(Sse2.Xor(Load(src, offset + 16), k1), dst, offset + 16);
            Store(Sse2.Xor(Load(src, offset + 32), k2), dst, offset + 32);
            Store(Sse2.Xor(Load(src, offset + 48), k3), dst, offset + 48);
        }

        for (; offset + 16 <= src.Length; offset += 16)
        {
            var k = Block<AesEncryptDirection>(rk, Counter(high, low));
            Next(ref high, ref low, counter32);
            Store(Sse2.Xor(Load(src, offset), k), dst, offset);
        }

        if (offset < src.Length)
        {
            Span<byte> stream = stackalloc byte[16];
            Store(Block<AesEncryptDirection>(rk, Counter(high, low)), stream, 0);
            for (var i = offset; i < src.Length; i++)
            {
                dst[i] = (byte)(src[i] ^ stream[i - offset]);
            }

            CryptographicOperations.ZeroMemory(stream);
        }
    }

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
}
