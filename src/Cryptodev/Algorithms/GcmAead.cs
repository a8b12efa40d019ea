using System.Security.Cryptography;
using Qcrypto.Cryptodev.Wire;
using Qcrypto.Primitives;
using Qcrypto.Primitives.Engines;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Algorithms;

/// <summary>
/// AES-GCM on <see cref="AesGcmEngine"/>: our AES-NI + PCLMULQDQ code for small requests and a
/// 16-byte J0, a libcrypto context kept per session for the rest. Where neither AES-NI nor
/// libcrypto.so.3 is there, .NET's AesGcm (12-byte IV, tags of 12..16 bytes).
/// </summary>
internal sealed class GcmAead : AeadCipher
{
    private readonly byte[]? _key;
    private readonly AesGcmEngine? _engine;
    private readonly EnginePool<AesGcm>? _pool;

    public GcmAead(ReadOnlySpan<byte> key, int tagLength)
    {
        TagLength = tagLength;
        if (AesGcmEngine.IsSupported)
        {
            _engine = new AesGcmEngine(key);
        }
        else if (AesGcm.IsSupported && tagLength >= 12)
        {
            var copy = PinnedBytes.Copy(key);
            _key = copy;
            _pool = new EnginePool<AesGcm>(() => new AesGcm(copy, tagLength));
            _pool.Return(_pool.Rent());
        }
    }

    public override VirtioCryptoStatus Encrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag)
    {
        if (iv.Length is not (12 or 16))
        {
            return VIRTIO_CRYPTO_ERR;
        }

        if (_engine is not null)
        {
            if (!_engine.TakesIvLength(iv.Length))
            {
                return VIRTIO_CRYPTO_NOTSUPP;
            }

            _engine.Encrypt(iv, aad, plaintext, ciphertext, tag);
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

        if (_engine is not null)
        {
            if (!_engine.TakesIvLength(iv.Length))
            {
                return VIRTIO_CRYPTO_NOTSUPP;
            }

            return _engine.Decrypt(iv, aad, ciphertext, tag, plaintext) ? VIRTIO_CRYPTO_OK : VIRTIO_CRYPTO_BADMSG;
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
        encrypt || (_engine?.DecryptWritesOnlyOnSuccess(ivLength, length) ?? false);

    public override void Dispose()
    {
        _engine?.Dispose();
        _pool?.Dispose();
        if (_key is not null)
        {
            CryptographicOperations.ZeroMemory(_key);
        }
    }
}
