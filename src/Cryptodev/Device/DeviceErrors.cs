using System.Globalization;

namespace Qcrypto.Cryptodev.Device;

/// <summary>
/// The texts of <see cref="RequestResult.DeviceError"/>: every message QEMU 7.2's
/// hw/virtio/virtio-crypto.c passes to virtio_error (checked against the strings of the installed
/// qemu-system-x86_64 7.2.x, which carries the CVE-2023-3180 fix), and nothing else but
/// <see cref="NoDataQueue"/>. A request gets a device error exactly where QEMU would mark the device
/// broken; for the services QEMU 7.2 does not run (HASH, MAC, AEAD, stateless requests) the same
/// faults (a field shorter than its length, an output that does not fit, lengths over max_size) get
/// the same messages. Everything else a guest can get wrong is answered with a status only.
/// </summary>
internal static class DeviceErrors
{
    /// <summary>A control request without a readable or a writable segment.</summary>
    public const string CtrlMissingHeaders = "virtio-crypto ctrl missing headers";

    /// <summary>A control request shorter than its header and fixed part (72 bytes without REVISION_1).</summary>
    public const string CtrlHeaderTooShort = "virtio-crypto request ctrl_hdr too short";

    /// <summary>Fewer bytes of cipher (or AEAD) key than key_len says.</summary>
    public const string CipherKey = "virtio-crypto cipher key incorrect";

    /// <summary>Fewer bytes of authentication (MAC) key than auth_key_len says.</summary>
    public const string AuthKey = "virtio-crypto authenticated key incorrect";

    /// <summary>Fewer bytes of AKCIPHER key than key_len says.</summary>
    public const string AsymKey = "virtio-crypto asym key incorrect";

    /// <summary>No room for the 16-byte virtio_crypto_session_input of a create-session request.</summary>
    public const string Input = "virtio-crypto input incorrect";

    /// <summary>No room for the status byte of a destroy-session request.</summary>
    public const string Status = "virtio-crypto status incorrect";

    /// <summary>A data request without a readable or a writable segment.</summary>
    public const string DataqMissingHeaders = "virtio-crypto dataq missing headers";

    /// <summary>A data request shorter than its header and fixed part (72 bytes without REVISION_1).</summary>
    public const string OutHeaderTooShort = "virtio-crypto request outhdr too short";

    /// <summary>The last writable segment is empty: nowhere to put the status byte.</summary>
    public const string InHeaderTooShort = "virtio-crypto request inhdr too short";

    /// <summary>A symmetric request whose src_data_len and dst_data_len differ (QEMU's CVE-2023-3180 fix).</summary>
    public const string SrcDstLength = "sym request src len is different from dst len";

    /// <summary>The request's variable-length fields add up to more than max_size.</summary>
    public const string TooBig = "virtio-crypto too big length";

    public const string Iv = "virtio-crypto iv incorrect";

    public const string Aad = "virtio-crypto additional auth data incorrect";

    public const string Source = "virtio-crypto source data incorrect";

    /// <summary>The operation succeeded but its output does not fit the writable segments.</summary>
    public const string Dest = "virtio-crypto dest data incorrect";

    /// <summary>The operation succeeded but the hash or MAC result does not fit after the output.</summary>
    public const string Digest = "virtio-crypto digest result incorrect";

    /// <summary>The AKCIPHER operation succeeded but its result does not fit the writable segments.</summary>
    public const string AsymDest = "virtio-crypto asym dest data incorrect";

    /// <summary>Not QEMU's: the emulator passed a data queue index the device does not have.</summary>
    public const string NoDataQueuePrefix = "virtio-crypto no data queue ";

    /// <summary>QEMU's text, without the space it lacks between "incorrect" and "expected".</summary>
    public static string AsymSource(ulong expected, ulong actual) =>
        string.Create(CultureInfo.InvariantCulture, $"virtio-crypto asym src data incorrectexpected {expected}, actual {actual}");

    /// <summary>VERIFY's signed data shorter than dst_data_len (QEMU's text, as <see cref="AsymSource"/>).</summary>
    public static string AsymData(ulong expected, ulong actual) =>
        string.Create(CultureInfo.InvariantCulture, $"virtio-crypto asym dst data incorrectexpected {expected}, actual {actual}");

    public static string NoDataQueue(int queue) => NoDataQueuePrefix + queue.ToString(CultureInfo.InvariantCulture);

    /// <summary>The code of a device error's text (<see cref="DeviceErrorCode.None"/> for null).</summary>
    public static DeviceErrorCode CodeOf(string? text) => text switch
    {
        null => DeviceErrorCode.None,
        CtrlMissingHeaders => DeviceErrorCode.CtrlMissingHeaders,
        CtrlHeaderTooShort => DeviceErrorCode.CtrlHeaderTooShort,
        CipherKey => DeviceErrorCode.CipherKey,
        AuthKey => DeviceErrorCode.AuthKey,
        AsymKey => DeviceErrorCode.AsymKey,
        Input => DeviceErrorCode.Input,
        Status => DeviceErrorCode.Status,
        DataqMissingHeaders => DeviceErrorCode.DataqMissingHeaders,
        OutHeaderTooShort => DeviceErrorCode.OutHeaderTooShort,
        InHeaderTooShort => DeviceErrorCode.InHeaderTooShort,
        SrcDstLength => DeviceErrorCode.SrcDstLength,
        TooBig => DeviceErrorCode.TooBig,
        Iv => DeviceErrorCode.Iv,
        Aad => DeviceErrorCode.Aad,
        Source => DeviceErrorCode.Source,
        Dest => DeviceErrorCode.Dest,
        Digest => DeviceErrorCode.Digest,
        AsymDest => DeviceErrorCode.AsymDest,
        _ when text.StartsWith("virtio-crypto asym src data incorrect", StringComparison.Ordinal) => DeviceErrorCode.AsymSource,
        _ when text.StartsWith("virtio-crypto asym dst data incorrect", StringComparison.Ordinal) => DeviceErrorCode.AsymData,
        _ when text.StartsWith(NoDataQueuePrefix, StringComparison.Ordinal) => DeviceErrorCode.NoDataQueue,
        _ => throw new ArgumentOutOfRangeException(nameof(text), "not a device error of this device"),
    };
}
