using System.Buffers.Binary;

namespace Qcrypto.Crypto;

/// <summary>
/// An expanded AES key (128, 192 or 256 bits) and the block modes built on it: ECB, CBC, CTR with a
/// 128-bit big-endian counter (OpenSSL's and nettle's CTR), and the 32-bit counter GCM uses.
/// Immutable after construction, so one instance serves every queue at once. The base class runs
/// the modes over single-block calls; <see cref="AesNiKey"/> overrides the hot ones with pipelined
/// AES-NI code.
/// </summary>
internal abstract class AesKey : IDisposable
{
    public const int BlockSize = 16;

    /// <summary>AES-NI when the CPU has it, else .NET's AES (OpenSSL) one block at a time.</summary>
    public static AesKey Create(ReadOnlySpan<byte> key) => AesNiKey.IsSupported ? new AesNiKey(key) : new ManagedAesKey(key);

    public static bool IsValidKeyLength(int length) => length is 16 or 24 or 32;

    /// <summary>Encrypts whole blocks; <paramref name="dst"/> may alias <paramref name="src"/> exactly.</summary>
    public abstract void EncryptEcb(ReadOnlySpan<byte> src, Span<byte> dst);

    /// <summary>Decrypts whole blocks; <paramref name="dst"/> may alias <paramref name="src"/> exactly.</summary>
    public abstract void DecryptEcb(ReadOnlySpan<byte> src, Span<byte> dst);

    public virtual void EncryptCbc(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> src, Span<byte> dst)
    {
        Span<byte> chain = stackalloc byte[BlockSize];
        iv[..BlockSize].CopyTo(chain);
        for (var offset = 0; offset < src.Length; offset += BlockSize)
        {
            Xor(chain, src.Slice(offset, BlockSize), chain);
            EncryptEcb(chain, chain);
            chain.CopyTo(dst.Slice(offset, BlockSize));
        }
    }

    public virtual void DecryptCbc(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> src, Span<byte> dst)
    {
        Span<byte> chain = stackalloc byte[BlockSize];
        Span<byte> next = stackalloc byte[BlockSize];
        Span<byte> block = stackalloc byte[BlockSize];
        iv[..BlockSize].CopyTo(chain);
        for (var offset = 0; offset < src.Length; offset += BlockSize)
        {
            src.Slice(offset, BlockSize).CopyTo(next);
            DecryptEcb(next, block);
            Xor(block, chain, dst.Slice(offset, BlockSize));
            next.CopyTo(chain);
        }
    }

    /// <summary>
    /// CTR: keystream E(counter), E(counter+1), ... XORed into <paramref name="src"/>; any length.
    /// <paramref name="counter32"/> increments only the last 32 bits (GCM's inc32), otherwise all 128.
    /// </summary>
    public virtual void Ctr(ReadOnlySpan<byte> counter, ReadOnlySpan<byte> src, Span<byte> dst, bool counter32 = false)
    {
        Span<byte> ctr = stackalloc byte[BlockSize];
        Span<byte> stream = stackalloc byte[BlockSize];
        counter[..BlockSize].CopyTo(ctr);
        for (var offset = 0; offset < src.Length; offset += BlockSize)
        {
            EncryptEcb(ctr, stream);
            var n = Math.Min(BlockSize, src.Length - offset);
            Xor(src.Slice(offset, n), stream[..n], dst.Slice(offset, n));
            Increment(ctr, counter32);
        }
    }

    public abstract void Dispose();

    protected static void Increment(Span<byte> counter, bool counter32)
    {
        if (counter32)
        {
            BinaryPrimitives.WriteUInt32BigEndian(counter[12..], BinaryPrimitives.ReadUInt32BigEndian(counter[12..]) + 1);
            return;
        }

        var low = BinaryPrimitives.ReadUInt64BigEndian(counter[8..]) + 1;
        BinaryPrimitives.WriteUInt64BigEndian(counter[8..], low);
        if (low == 0)
        {
            BinaryPrimitives.WriteUInt64BigEndian(counter, BinaryPrimitives.ReadUInt64BigEndian(counter) + 1);
        }
    }

    protected static void Xor(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> result)
    {
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (byte)(a[i] ^ b[i]);
        }
    }
}
