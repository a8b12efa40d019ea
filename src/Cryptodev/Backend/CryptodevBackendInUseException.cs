using Qcrypto.Errors;

namespace Qcrypto.Cryptodev.Backend;

/// <summary>
/// A second virtio-crypto device was given a backend that a device already uses. QEMU 7.2 refuses
/// it the same way when realizing the device (`-device virtio-crypto-pci,cryptodev=c0` twice:
/// "can't use already used cryptodev backend: c0"): a backend's sessions belong to one guest driver.
/// </summary>
internal sealed class CryptodevBackendInUseException : ObjectException
{
    /// <summary>The stable error code.</summary>
    public const string ErrorCode = "cryptodev-backend-in-use";

    public CryptodevBackendInUseException(string backendId)
        : base(ErrorCode, $"can't use already used cryptodev backend: {backendId}", backendId, null,
            "give each virtio-crypto device its own backend object (-object cryptodev-backend-builtin,id=...), or release the first device")
    {
    }
}
