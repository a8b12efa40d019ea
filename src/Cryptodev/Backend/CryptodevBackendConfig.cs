using Qcrypto.Cryptodev.Wire;

namespace Qcrypto.Cryptodev.Backend;

/// <summary>
/// What a backend offers (QEMU's CryptoDevBackendConf without the peers): services, algorithm masks
/// and limits, copied into the device's config space. A bit is set only for what the backend runs.
/// </summary>
public sealed record CryptodevBackendConfig
{
    public uint CryptoServices { get; init; }

    public ulong CipherAlgos { get; init; }

    public uint HashAlgos { get; init; }

    public ulong MacAlgos { get; init; }

    public uint AeadAlgos { get; init; }

    public uint AkcipherAlgos { get; init; }

    public uint MaxCipherKeyLen { get; init; }

    public uint MaxAuthKeyLen { get; init; }

    /// <summary>Our own limit on AKCIPHER keys (the config space has no field for it).</summary>
    public uint MaxAkcipherKeyLen { get; init; }

    /// <summary>The most variable-length bytes (keys, IV, AAD, src, dst, results) one request may carry.</summary>
    public ulong MaxSize { get; init; }

    public bool Offers(VirtioCryptoService service) => (CryptoServices & (1u << (int)service)) != 0;

    /// <summary>The config space a device on this backend shows its guest.</summary>
    public VirtioCryptoConfig ToWire(bool ready, uint maxDataQueues) => new(
        ready ? VirtioCryptoConfig.VIRTIO_CRYPTO_S_HW_READY : 0,
        maxDataQueues,
        CryptoServices,
        (uint)CipherAlgos,
        (uint)(CipherAlgos >> 32),
        HashAlgos,
        (uint)MacAlgos,
        (uint)(MacAlgos >> 32),
        AeadAlgos,
        MaxCipherKeyLen,
        MaxAuthKeyLen,
        AkcipherAlgos,
        MaxSize);
}
