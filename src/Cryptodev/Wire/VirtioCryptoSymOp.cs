namespace Qcrypto.Cryptodev.Wire;

/// <summary>VIRTIO_CRYPTO_SYM_OP_*: what a symmetric (CIPHER service) session or request does.</summary>
internal enum VirtioCryptoSymOp : uint
{
    VIRTIO_CRYPTO_SYM_OP_NONE = 0,
    VIRTIO_CRYPTO_SYM_OP_CIPHER = 1,
    VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING = 2,
}
