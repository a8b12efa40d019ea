using Qcrypto.Errors;
using Qcrypto.Sev.Firmware;

namespace Qcrypto.Sev.Errors;

/// <summary>
/// A SEV launch, platform or guest-owner step failed. <see cref="QcryptoException.QemuMessage"/> is
/// the line QEMU 7.2 prints for it (with the firmware's status text where the firmware refused);
/// <see cref="Reports"/> are the lines QEMU prints before it (its error_report calls), in order, so a
/// caller can show the whole story. Never carries key material.
/// </summary>
public sealed class SevException : QcryptoException
{
    public SevException(string code, string qemuMessage, SevStatus? status = null, Advice? hint = null, IReadOnlyList<string>? reports = null,
        string? objectId = null, string? property = null, Exception? inner = null)
        : base(code, qemuMessage, objectId, property, hint, inner)
    {
        Status = status;
        Reports = reports ?? [];
    }

    /// <summary>The firmware status behind the failure, when the firmware refused a command.</summary>
    public SevStatus? Status { get; }

    /// <summary>Lines QEMU reports before <see cref="QcryptoException.QemuMessage"/> (oldest first).</summary>
    public IReadOnlyList<string> Reports { get; }

    /// <summary>Every line QEMU prints for this failure, in order.</summary>
    public IEnumerable<string> Lines => [.. Reports, QemuMessage];

    /// <summary>The same error attributed to an object (the sev-guest it arose in).</summary>
    public SevException At(string objectId, string? property = null) =>
        ObjectId is null ? new SevException(Code, QemuMessage, Status, Fix, Reports, objectId, property ?? Property, InnerException) : this;
}
