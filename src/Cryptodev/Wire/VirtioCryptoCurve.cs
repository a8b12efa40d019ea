namespace Qcrypto.Cryptodev.Wire;

/// <summary>VIRTIO_CRYPTO_CURVE_*: the named NIST curves an ECDSA session may use (no custom curves).</summary>
public enum VirtioCryptoCurve : uint
{
    VIRTIO_CRYPTO_CURVE_UNKNOWN = 0,
    VIRTIO_CRYPTO_CURVE_NIST_P192 = 1,
    VIRTIO_CRYPTO_CURVE_NIST_P224 = 2,
    VIRTIO_CRYPTO_CURVE_NIST_P256 = 3,
    VIRTIO_CRYPTO_CURVE_NIST_P384 = 4,
    VIRTIO_CRYPTO_CURVE_NIST_P521 = 5,
}
