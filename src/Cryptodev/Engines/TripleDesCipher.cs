using System.Buffers.Binary;
using System.Security.Cryptography;
using Qcrypto.Primitives;

namespace Qcrypto.Cryptodev.Engines;

/// <summary>
/// 3DES-EDE (24-byte key) through System.Security.Cryptography: ECB and CBC directly, CTR as the ECB
/// encryption of a 64-bit big-endian counter (what nettle's ctr_crypt does for QEMU; OpenSSL has no
/// des-ede3-ctr). The TripleDES object is not documented thread-safe, hence the lock; 3DES is
/// legacy, not a hot path.
/// </summary>
internal sealed class TripleDesCipher : IDisposable
{
    public const int BlockSize = 8;

    private readonly TripleDES _des = TripleDES.Create();
    private readonly Lock _lock = new();

    public TripleDesCipher(ReadOnlySpan<byte> key)
    {
        if (key.Length != 24)
        {
            throw new ArgumentException("3DES needs a 24-byte key", nameof(key));
        }

        // TripleDES keeps its own copy (zeroed on Dispose); ours is pinned, so no GC move leaves one unzeroed.
        var copy = PinnedBytes.Copy(key);
        try
        {
            _des.Key = copy;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }
    }

    public void Ecb(bool encrypt, ReadOnlySpan<byte> src, Span<byte> dst)
    {
        lock (_lock)
        {
            _ = encrypt ? _des.EncryptEcb(src, dst, PaddingMode.None) : _des.DecryptEcb(src, dst, PaddingMode.None);
        }
    }

    public void Cbc(bool encrypt, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> src, Span<byte> dst)
    {
        lock (_lock)
        {
            _ = encrypt ? _des.EncryptCbc(src, iv, dst, PaddingMode.None) : _des.DecryptCbc(src, iv, dst, PaddingMode.None);
        }
    }

    public void Ctr(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> src, Span<byte> dst)
    {
        Span<byte> counter = stackalloc byte[BlockSize];
        Span<byte> stream = stackalloc byte[BlockSize];
        var value = BinaryPrimitives.ReadUInt64BigEndian(iv);
        lock (_lock)
        {
            for (var offset = 0; offset < src.Length; offset += BlockSize)
            {
                BinaryPrimitives.WriteUInt64BigEndian(counter, value++);
                _des.EncryptEcb(counter, stream, PaddingMode.None);
                var n = Math.Min(BlockSize, src.Length - offset);
                for (var i = 0; i < n; i++)
                {
                    dst[offset + i] = (byte)(src[offset + i] ^ stream[i]);
                }
            }
        }

        CryptographicOperations.ZeroMemory(stream);
    }

    public void Dispose() => _des.Dispose();
}
