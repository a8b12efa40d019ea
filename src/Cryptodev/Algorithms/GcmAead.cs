using System.Security.Cryptography;
using Qcrypto.Cryptodev.Engines;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Algorithms;

/// <summary>
/// AES-GCM: .NET's AesGcm (OpenSSL's stitched AES-NI/AVX code, the fastest for large requests) for
/// the common case of a 12-byte IV and a tag of 12..16 bytes; <see cref="GcmCore"/> for a 16-byte
/// J0 or a 4/8-byte tag, which OpenSSL's API cannot take, and for small requests, where the per-call
/// cost of AesGcm's P/Invokes outweighs the arithmetic.
/// </summary>
internal sealed class GcmAead : AeadCipher
{
    /// <summary>Below this many bytes of plaintext our own GCM is faster than a call into OpenSSL (measured in bench/).</summary>
    public const int SmallRequest = 512;

    private readonly byte[] _key;
    private readonly EnginePool<AesGcm>? _pool;
    private readonly GcmCore? _core;

    public GcmAead(ReadOnlySpan<byte> key, int tagLength)
    {
        TagLength = tagLength;
        _key = PinnedCopy(key);
        if (AesGcm.IsSupported && tagLength >= 12)
        {
            _pool = new EnginePool<AesGcm>(() => new AesGcm(_key, tagLength));
            _pool.Return(_pool.Rent());
        }

        if (GcmCore.IsSupported)
        {
            _core = new GcmCore(new AesNiKey(key));
        }
    }

    public override VirtioCryptoStatus Encrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag)
    {
        if (iv.Length is not (12 or 16))
        {
            return VIRTIO_CRYPTO_ERR;
        }

        if (UseCore(iv, plaintext.Length))
        {
            _core!.Encrypt(iv, aad, plaintext, ciphertext, tag);
            return VIRTIO_CRYPTO_OK;
        }

        if (_pool is null || iv.Length != 12)
        {
            return VIRTIO_CRYPTO_NOTSUPP;
        }

        var gcm = _pool.Rent();
        try
        {
            gcm.Encrypt(iv, plaintext, ciphertext, tag, aad);
        }
        finally
        {
            _pool.Return(gcm);
        }

        return VIRTIO_CRYPTO_OK;
    }

    public override VirtioCryptoStatus Decrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext)
    {
        if (iv.Length is not (12 or 16))
        {
            return VIRTIO_CRYPTO_ERR;
        }

        if (UseCore(iv, ciphertext.Length))
        {
            return _core!.Decrypt(iv, aad, ciphertext, tag, plaintext) ? VIRTIO_CRYPTO_OK : VIRTIO_CRYPTO_BADMSG;
        }

        if (_pool is null || iv.Length != 12)
        {
            return VIRTIO_CRYPTO_NOTSUPP;
        }

        var gcm = _pool.Rent();
        try
        {
            gcm.Decrypt(iv, ciphertext, tag, plaintext, aad);
            return VIRTIO_CRYPTO_OK;
        }
        catch (AuthenticationTagMismatchException)
        {
            return VIRTIO_CRYPTO_BADMSG;
        }
        finally
        {
            _pool.Return(gcm);
        }
    }

    public override void Dispose()
    {
        _pool?.Dispose();
        _core?.Dispose();
        CryptographicOperations.ZeroMemory(_key);
    }

    private bool UseCore(ReadOnlySpan<byte> iv, int length) =>
        _core is not null && (iv.Length == 16 || TagLength < 12 || _pool is null || length < SmallRequest);
}
