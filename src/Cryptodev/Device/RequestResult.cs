using Qcrypto.Cryptodev.Wire;

namespace Qcrypto.Cryptodev.Device;

/// <summary>
/// The outcome of one request: the status written to the guest, how many bytes of the writable
/// segments were written (the used length to put in the used ring), or that the request was queued
/// by the throttle and completes later. <see cref="DeviceError"/> is set for requests so malformed
/// that QEMU would call virtio_error (mark the device broken until reset); the status is still
/// written when there is a byte to write it to.
/// </summary>
public readonly record struct RequestResult(VirtioCryptoStatus Status, uint UsedLength, bool IsPending = false, string? DeviceError = null)
{
    public static RequestResult Pending => new(VirtioCryptoStatus.VIRTIO_CRYPTO_OK, 0, IsPending: true);

    /// <summary>The device error as a code a host can branch on (<see cref="DeviceError"/> is its text).</summary>
    public DeviceErrorCode DeviceErrorCode => DeviceErrors.CodeOf(DeviceError);
}

/// <summary>Receives requests the throttle held back, once they ran (on a timer thread).</summary>
public interface IRequestCompletion
{
    void Complete(int queue, VirtqueueElement element, RequestResult result);
}
