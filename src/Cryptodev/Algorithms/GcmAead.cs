using System.Security.Cryptography;
using Qcrypto.Primitives;
using Qcrypto.Primitives.Evp;
using Qcrypto.Primitives.Symmetric;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Algorithms;

/// <summary>
/// AES-GCM. For the common case (12-byte IV, tag of 12..16 bytes) OpenSSL's stitched AES-NI/AVX
/// code, through a libcrypto context kept per session (<see cref="EvpAesGcm"/>), or .NET's AesGcm
/// where libcrypto.so.3 cannot be loaded directly; <see cref="AesNiGcm"/> (AES-NI + PCLMULQDQ) for a
/// 16-byte J0 or a 4/8-byte tag, which OpenSSL's API cannot take, and for small requests, where
/// native calls cost more than the arithmetic.
/// </summary>
internal sealed class GcmAead : AeadCipher
{
    /// <summary>Below this many bytes of plaintext our own GCM is faster than a call into OpenSSL (measured in bench/).</summary>
    public const int SmallRequest = 256;

    private readonly byte[] _key;
    private readonly EnginePool<AesGcm>? _pool;
    private readonly EnginePool<EvpAesGcm>? _native;
    private readonly AesNiGcm? _core;

    public GcmAead(ReadOnlySpan<byte> key, int tagLength)
    {
        TagLength = tagLength;
        _key = PinnedCopy(key);
        if (EvpAesGcm.IsAvailable && tagLength >= 12)
        {
            _native = new EnginePool<EvpAesGcm>(() => new EvpAesGcm(_key));
            _native.Return(_native.Rent());
        }
        else if (AesGcm.IsSupported && tagLength >= 12)
        {
            _pool = new EnginePool<AesGcm>(() => new AesGcm(_key, tagLength));
            _pool.Return(_pool.Rent());
        }

        if (AesNiGcm.IsSupported)
        {
            _core = new AesNiGcm(key);
        }
    }

    public override VirtioCryptoStatus Encrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag)
    {
        if (iv.Length is not (12 or 16))
        {
            return VIRTIO_CRYPTO_ERR;
        }

        if (UseCore(iv.Length, plaintext.Length))
        {
            _core!.Encrypt(iv, aad, plaintext, ciphertext, tag);
            return VIRTIO_CRYPTO_OK;
        }

        if (_native is not null && iv.Length == 12)
        {
            var native = _native.Rent();
            try
            {
                native.Encrypt(iv, aad, plaintext, ciphertext, tag);
            }
            finally
            {
                _native.Return(native);
            }

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

        if (UseCore(iv.Length, ciphertext.Length))
        {
            return _core!.Decrypt(iv, aad, ciphertext, tag, plaintext) ? VIRTIO_CRYPTO_OK : VIRTIO_CRYPTO_BADMSG;
        }

        if (_native is not null && iv.Length == 12)
        {
            var native = _native.Rent();
            try
            {
                if (native.Decrypt(iv, aad, ciphertext, tag, plaintext))
                {
                    return VIRTIO_CRYPTO_OK;
                }

                CryptographicOperations.ZeroMemory(plaintext);
                return VIRTIO_CRYPTO_BADMSG;
            }
            finally
            {
                _native.Return(native);
            }
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

    /// <summary>Encryption fails only on the IV, before writing; our own GCM checks the tag before it decrypts.</summary>
    public override bool WritesOnlyOnSuccess(bool encrypt, int ivLength, int length) =>
        encrypt || UseCore(ivLength, length);

    public override void Dispose()
    {
        _pool?.Dispose();
        _native?.Dispose();
        _core?.Dispose();
        CryptographicOperations.ZeroMemory(_key);
    }

    private bool UseCore(int ivLength, int length) =>
        _core is not null && (ivLength == 16 || TagLength < 12 || (_pool is null && _native is null) || length < SmallRequest);
}
