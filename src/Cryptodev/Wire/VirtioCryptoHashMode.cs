namespace Qcrypto.Cryptodev.Wire;

/// <summary>VIRTIO_CRYPTO_SYM_HASH_MODE_*: the hash half of a chained session.</summary>
public enum VirtioCryptoHashMode : uint
{
    /// <summary>A plain hash (algo_flf holds a hash session flf).</summary>
    VIRTIO_CRYPTO_SYM_HASH_MODE_PLAIN = 1,

    /// <summary>A MAC (algo_flf holds a MAC session flf).</summary>
    VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH = 2,

    /// <summary>Nested hash: defined by the spec, never specified further; refused (NOTSUPP).</summary>
    VIRTIO_CRYPTO_SYM_HASH_MODE_NESTED = 3,
}
