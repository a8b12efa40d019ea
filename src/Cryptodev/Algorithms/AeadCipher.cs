using System.Security.Cryptography;
using Qcrypto.Cryptodev.Wire;
using Qcrypto.Primitives;
using Qcrypto.Primitives.Engines;
using Qcrypto.Primitives.Symmetric;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoAeadAlgo;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Algorithms;

/// <summary>
/// An AEAD algorithm with its key and tag length: AES-GCM (tags 4, 8, 12..16; 12-byte IV, or a
/// 16-byte J0 as virtio-crypto defines it), AES-CCM (nonce 7..13 bytes, even tags 4..16) and
/// ChaCha20-Poly1305 (32-byte key, 12-byte nonce, 16-byte tag).
/// </summary>
internal abstract class AeadCipher : IDisposable
{
    public static readonly VirtioCryptoAeadAlgo[] Supported = [VIRTIO_CRYPTO_AEAD_GCM, VIRTIO_CRYPTO_AEAD_CCM, VIRTIO_CRYPTO_AEAD_CHACHA20_POLY1305];

    public int TagLength { get; protected init; }

    public static bool IsAvailable(VirtioCryptoAeadAlgo algo) => algo switch
    {
        VIRTIO_CRYPTO_AEAD_GCM => AesGcm.IsSupported || AesGcmEngine.IsSupported,
        VIRTIO_CRYPTO_AEAD_CCM => AesCcm.IsSupported,
        VIRTIO_CRYPTO_AEAD_CHACHA20_POLY1305 => ChaCha20Poly1305.IsSupported,
        _ => false,
    };

    /// <summary>OK, NOTSUPP (algorithm), or ERR (key or tag length).</summary>
    public static VirtioCryptoStatus TryCreate(VirtioCryptoAeadAlgo algo, ReadOnlySpan<byte> key, uint tagLength, out AeadCipher? aead)
    {
        aead = null;
        if (!IsAvailable(algo))
        {
            return VIRTIO_CRYPTO_NOTSUPP;
        }

        switch (algo)
        {
            case VIRTIO_CRYPTO_AEAD_GCM:
                if (!AesKey.IsValidKeyLength(key.Length) || tagLength is not (4 or 8 or >= 12 and <= 16))
                {
                    return VIRTIO_CRYPTO_ERR;
                }

                aead = new GcmAead(key, (int)tagLength);
                return VIRTIO_CRYPTO_OK;
            case VIRTIO_CRYPTO_AEAD_CCM:
                if (!AesKey.IsValidKeyLength(key.Length) || tagLength is < 4 or > 16 || tagLength % 2 != 0)
                {
                    return VIRTIO_CRYPTO_ERR;
                }

                aead = new CcmAead(key, (int)tagLength);
                return VIRTIO_CRYPTO_OK;
            default:
                if (key.Length != 32 || tagLength != 16)
                {
                    return VIRTIO_CRYPTO_ERR;
                }

                aead = new ChaChaAead(key);
                return VIRTIO_CRYPTO_OK;
        }
    }

    /// <summary>Writes the ciphertext (src's length) and the tag. ERR for an IV the algorithm cannot take.</summary>
    public abstract VirtioCryptoStatus Encrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag);

    /// <summary>
    /// True when <see cref="Encrypt"/> or <see cref="Decrypt"/> writes its output only if it succeeds,
    /// so the device may let it write guest memory directly. The default is false: OpenSSL (and so
    /// .NET) decrypts before it checks the tag and then zeroes the plaintext, which would be a write
    /// into the guest's buffer for a request that failed.
    /// </summary>
    public virtual bool WritesOnlyOnSuccess(bool encrypt, int ivLength, int length) => false;

    /// <summary>BADMSG when the tag does not match (the plaintext buffer may have been written: see <see cref="WritesOnlyOnSuccess"/>).</summary>
    public abstract VirtioCryptoStatus Decrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext);

    public abstract void Dispose();

    /// <summary>A pinned copy of a key for engine factories, zeroed by the owner's Dispose.</summary>
    protected static byte[] PinnedCopy(ReadOnlySpan<byte> key) => PinnedBytes.Copy(key);
}
