namespace Qcrypto.Cryptodev.Wire;

/// <summary>VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_*: whether the hash sees the input or the cipher's output.</summary>
public enum VirtioCryptoChainOrder : uint
{
    VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_HASH_THEN_CIPHER = 1,
    VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_CIPHER_THEN_HASH = 2,
}
