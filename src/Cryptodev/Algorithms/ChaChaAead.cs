using System.Security.Cryptography;
using Qcrypto.Primitives;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Algorithms;

/// <summary>ChaCha20-Poly1305 (RFC 8439) through .NET (OpenSSL): 32-byte key, 12-byte nonce, 16-byte tag.</summary>
internal sealed class ChaChaAead : AeadCipher
{
    private readonly byte[] _key;
    private readonly EnginePool<ChaCha20Poly1305> _pool;

    public ChaChaAead(ReadOnlySpan<byte> key)
    {
        TagLength = 16;
        _key = PinnedCopy(key);
        _pool = new EnginePool<ChaCha20Poly1305>(() => new ChaCha20Poly1305(_key));
        _pool.Return(_pool.Rent());
    }

    public override VirtioCryptoStatus Encrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag)
    {
        if (iv.Length != 12)
        {
            return VIRTIO_CRYPTO_ERR;
        }

        var chacha = _pool.Rent();
        try
        {
            chacha.Encrypt(iv, plaintext, ciphertext, tag, aad);
            return VIRTIO_CRYPTO_OK;
        }
        finally
        {
            _pool.Return(chacha);
        }
    }

    public override VirtioCryptoStatus Decrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext)
    {
        if (iv.Length != 12)
        {
            return VIRTIO_CRYPTO_ERR;
        }

        var chacha = _pool.Rent();
        try
        {
            chacha.Decrypt(iv, ciphertext, tag, plaintext, aad);
            return VIRTIO_CRYPTO_OK;
        }
        catch (AuthenticationTagMismatchException)
        {
            return VIRTIO_CRYPTO_BADMSG;
        }
        finally
        {
            _pool.Return(chacha);
        }
    }

    /// <summary>Encryption fails only on the nonce length, before writing.</summary>
    public override bool WritesOnlyOnSuccess(bool encrypt, int ivLength, int length) => encrypt;

    public override void Dispose()
    {
        _pool.Dispose();
        CryptographicOperations.ZeroMemory(_key);
    }
}
