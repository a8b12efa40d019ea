namespace Qcrypto.Cryptodev.Wire;

/// <summary>VIRTIO_CRYPTO_SERVICE_*: bit numbers of crypto_services and the high byte of every opcode.</summary>
public enum VirtioCryptoService
{
    VIRTIO_CRYPTO_SERVICE_CIPHER = 0,
    VIRTIO_CRYPTO_SERVICE_HASH = 1,
    VIRTIO_CRYPTO_SERVICE_MAC = 2,
    VIRTIO_CRYPTO_SERVICE_AEAD = 3,
    VIRTIO_CRYPTO_SERVICE_AKCIPHER = 4,
}
