using System.Buffers.Binary;

namespace Qcrypto.Primitives.Symmetric;

/// <summary>
/// An expanded AES key (128, 192 or 256 bits) and the block modes built on it: ECB, CBC, CTR with a
/// 128-bit big-endian counter (OpenSSL's and nettle's CTR), and GCM's GCTR (a 32-bit counter).
/// Immutable after construction, so one instance serves every thread at once. The base class runs
/// the modes over single-block calls; <see cref="AesNiKey"/> overrides them with pipelined AES-NI
/// code. The round keys live in pinned memory that <see cref="Dispose"/> zeroes.
/// </summary>
public abstract class AesKey : IDisposable
{
    /// <summary>The AES block size in bytes (also the IV and counter length of every mode here).</summary>
    public const int BlockSize = 16;

    private protected AesKey()
    {
    }

    /// <summary>AES-NI when the CPU has it, else .NET's AES (OpenSSL) one block at a time.</summary>
    /// <param name="key">16, 24 or 32 bytes.</param>
    /// <exception cref="ArgumentException">The key is not 16, 24 or 32 bytes long.</exception>
    public static AesKey Create(ReadOnlySpan<byte> key) => AesNiKey.IsSupported ? new AesNiKey(key) : new ManagedAesKey(key);

    /// <summary>True for the AES key lengths: 16, 24 and 32 bytes.</summary>
    public static bool IsValidKeyLength(int length) => length is 16 or 24 or 32;

    /// <summary>Encrypts whole blocks; <paramref name="dst"/> may alias <paramref name="src"/> exactly.</summary>
    public abstract void EncryptEcb(ReadOnlySpan<byte> src, Span<byte> dst);

    /// <summary>Decrypts whole blocks; <paramref name="dst"/> may alias <paramref name="src"/> exactly.</summary>
    public abstract void DecryptEcb(ReadOnlySpan<byte> src, Span<byte> dst);

    /// <summary>CBC-encrypts whole blocks, no padding; <paramref name="dst"/> may alias <paramref name="src"/> exactly.</summary>
    /// <exception cref="ArgumentException">The IV is shorter than 16 bytes, <paramref name="src"/> is not whole blocks, or <paramref name="dst"/> is shorter.</exception>
    public virtual void EncryptCbc(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> src, Span<byte> dst)
    {
        CheckCbc(iv, src, dst);
        Span<byte> chain = stackalloc byte[BlockSize];
        iv[..BlockSize].CopyTo(chain);
        for (var offset = 0; offset < src.Length; offset += BlockSize)
        {
            Xor(chain, src.Slice(offset, BlockSize), chain);
            EncryptEcb(chain, chain);
            chain.CopyTo(dst.Slice(offset, BlockSize));
        }
    }

    /// <summary>CBC-decrypts whole blocks, padding untouched; <paramref name="dst"/> may alias <paramref name="src"/> exactly.</summary>
    /// <exception cref="ArgumentException">The IV is shorter than 16 bytes, <paramref name="src"/> is not whole blocks, or <paramref name="dst"/> is shorter.</exception>
    public virtual void DecryptCbc(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> src, Span<byte> dst)
    {
        CheckCbc(iv, src, dst);
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
    /// CTR with a 128-bit big-endian counter: keystream E(counter), E(counter+1), ... XORed into
    /// <paramref name="src"/>; any length. The same function encrypts and decrypts.
    /// </summary>
    /// <param name="counter">The first counter block (16 bytes; only the first 16 are read).</param>
    /// <param name="src">The input, any length.</param>
    /// <param name="dst">At least as long as <paramref name="src"/>; may alias it exactly.</param>
    public void Ctr(ReadOnlySpan<byte> counter, ReadOnlySpan<byte> src, Span<byte> dst) => CtrCore(counter, src, dst, counter32: false);

    /// <summary>
    /// GCM's GCTR (NIST SP 800-38D): CTR whose counter block increments only its last 32 bits,
    /// modulo 2^32. <paramref name="counter"/> is the first counter block (inc32(J0) for GCM).
    /// </summary>
    public void Gctr(ReadOnlySpan<byte> counter, ReadOnlySpan<byte> src, Span<byte> dst) => CtrCore(counter, src, dst, counter32: true);

    /// <summary>Zeroes the round keys.</summary>
    public abstract void Dispose();

    /// <summary>CTR over <see cref="EncryptEcb"/>; <paramref name="counter32"/> increments only the last 32 bits (GCM's inc32).</summary>
    private protected virtual void CtrCore(ReadOnlySpan<byte> counter, ReadOnlySpan<byte> src, Span<byte> dst, bool counter32)
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

    /// <summary>The checks both CBC directions make before touching a byte.</summary>
    private protected static void CheckCbc(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> src, Span<byte> dst)
    {
        if (dst.Length < src.Length || iv.Length < BlockSize || (src.Length & (BlockSize - 1)) != 0)
        {
            throw new ArgumentException("CBC needs a 16-byte IV, whole blocks and room for the output");
        }
    }

    private static void Increment(Span<byte> counter, bool counter32)
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

    private static void Xor(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> result)
    {
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = (byte)(a[i] ^ b[i]);
        }
    }
}
