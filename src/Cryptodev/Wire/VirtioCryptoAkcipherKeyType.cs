namespace Qcrypto.Cryptodev.Wire;

/// <summary>VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_*: which half of the key pair an AKCIPHER session holds.</summary>
public enum VirtioCryptoAkcipherKeyType : uint
{
    VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PUBLIC = 1,
    VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE = 2,
}
