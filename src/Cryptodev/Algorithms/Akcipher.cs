using System.Security.Cryptography;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Algorithms;

/// <summary>
/// An AKCIPHER session's key and parameters: RSA (raw or PKCS#1 v1.5 with a hash for signatures) or
/// ECDSA on P-256/P-384/P-521. Keys are DER as the spec says (RSAPrivateKey/RSAPublicKey; RFC 5915
/// ECPrivateKey or an uncompressed ECPoint). Operations lock: the .NET key objects are not
/// documented thread-safe, and an asymmetric operation dwarfs the lock.
/// </summary>
internal abstract class Akcipher : IDisposable
{
    public static readonly VirtioCryptoAkcipherAlgo[] Supported = [VirtioCryptoAkcipherAlgo.VIRTIO_CRYPTO_AKCIPHER_RSA, VirtioCryptoAkcipherAlgo.VIRTIO_CRYPTO_AKCIPHER_ECDSA];

    protected Lock Sync { get; } = new();

    public bool IsPrivate { get; protected init; }

    /// <summary>OK, NOTSUPP (algorithm, padding, hash or curve), or ERR (key type or unreadable key).</summary>
    public static VirtioCryptoStatus TryCreate(VirtioCryptoAkcipherAlgo algo, VirtioCryptoAkcipherKeyType keyType, AkcipherPara para, ReadOnlySpan<byte> key, out Akcipher? akcipher)
    {
        akcipher = null;
        if (algo is not (VirtioCryptoAkcipherAlgo.VIRTIO_CRYPTO_AKCIPHER_RSA or VirtioCryptoAkcipherAlgo.VIRTIO_CRYPTO_AKCIPHER_ECDSA))
        {
            return VIRTIO_CRYPTO_NOTSUPP;
        }

        if (keyType is not (VirtioCryptoAkcipherKeyType.VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PUBLIC or VirtioCryptoAkcipherKeyType.VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE))
        {
            // QEMU 7.2's device answers an unknown key type with NOTSUPP too.
            return VIRTIO_CRYPTO_NOTSUPP;
        }

        var isPrivate = keyType == VirtioCryptoAkcipherKeyType.VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE;
        try
        {
            return algo == VirtioCryptoAkcipherAlgo.VIRTIO_CRYPTO_AKCIPHER_RSA
                ? RsaAkcipher.TryCreate(isPrivate, para, key, out akcipher)
                : EcdsaAkcipher.TryCreate(isPrivate, para.Curve, key, out akcipher);
        }
        catch (Exception e) when (e is CryptographicException or System.Formats.Asn1.AsnContentException)
        {
            return VIRTIO_CRYPTO_ERR;
        }
    }

    public abstract VirtioCryptoStatus Encrypt(ReadOnlySpan<byte> src, Span<byte> dst, out int written);

    public abstract VirtioCryptoStatus Decrypt(ReadOnlySpan<byte> src, Span<byte> dst, out int written);

    public abstract VirtioCryptoStatus Sign(ReadOnlySpan<byte> src, Span<byte> dst, out int written);

    /// <summary>OK, or KEY_REJECTED when <paramref name="signature"/> does not verify.</summary>
    public abstract VirtioCryptoStatus Verify(ReadOnlySpan<byte> signature, ReadOnlySpan<byte> data);

    public abstract void Dispose();
}
