namespace Qcrypto.Cryptodev.Wire;

/// <summary>VIRTIO_CRYPTO_AEAD_*: values in requests and bit numbers of aead_algo.</summary>
public enum VirtioCryptoAeadAlgo : uint
{
    VIRTIO_CRYPTO_NO_AEAD = 0,
    VIRTIO_CRYPTO_AEAD_GCM = 1,
    VIRTIO_CRYPTO_AEAD_CCM = 2,
    VIRTIO_CRYPTO_AEAD_CHACHA20_POLY1305 = 3,
}
