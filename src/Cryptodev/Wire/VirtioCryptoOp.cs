namespace Qcrypto.Cryptodev.Wire;

/// <summary>VIRTIO_CRYPTO_OP_*: the direction a CIPHER or AEAD session is created for.</summary>
public enum VirtioCryptoOp : uint
{
    VIRTIO_CRYPTO_OP_ENCRYPT = 1,
    VIRTIO_CRYPTO_OP_DECRYPT = 2,
}
