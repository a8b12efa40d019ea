namespace Qcrypto.Cryptodev.Wire;

/// <summary>
/// Device feature bits (virtio spec, "Feature bits"). Without REVISION_1 every control request's
/// fixed part is padded to 56 bytes and every data request's to 48 (QEMU 7.2 offers none of these
/// bits, so Linux guests always use the padded layouts). The stateless bits require REVISION_1.
/// </summary>
[Flags]
public enum VirtioCryptoFeatures : ulong
{
    None = 0,
    VIRTIO_CRYPTO_F_REVISION_1 = 1UL << 0,
    VIRTIO_CRYPTO_F_CIPHER_STATELESS_MODE = 1UL << 1,
    VIRTIO_CRYPTO_F_HASH_STATELESS_MODE = 1UL << 2,
    VIRTIO_CRYPTO_F_MAC_STATELESS_MODE = 1UL << 3,
    VIRTIO_CRYPTO_F_AEAD_STATELESS_MODE = 1UL << 4,
    VIRTIO_CRYPTO_F_AKCIPHER_STATELESS_MODE = 1UL << 5,
}
