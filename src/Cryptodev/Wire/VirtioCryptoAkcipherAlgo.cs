namespace Qcrypto.Cryptodev.Wire;

/// <summary>
/// VIRTIO_CRYPTO_AKCIPHER_*: values in requests and bit numbers of akcipher_algo. Numbered as in the
/// virtio spec (ECDSA = 2); Linux's and QEMU 7.2's virtio_crypto.h number DSA 2 and ECDSA 3, a
/// header-only leftover: no device implements DSA, and we follow the spec.
/// </summary>
public enum VirtioCryptoAkcipherAlgo : uint
{
    VIRTIO_CRYPTO_NO_AKCIPHER = 0,
    VIRTIO_CRYPTO_AKCIPHER_RSA = 1,
    VIRTIO_CRYPTO_AKCIPHER_ECDSA = 2,
}
