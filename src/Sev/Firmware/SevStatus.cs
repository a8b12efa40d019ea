namespace Qcrypto.Sev.Firmware;

/// <summary>
/// The SEV firmware's status codes (AMD pub. 55766, Linux include/uapi/linux/psp-sev.h SEV_RET_*):
/// what every command returns and QEMU prints as <c>fw_error=N 'text'</c>.
/// </summary>
public enum SevStatus
{
    Success = 0x00,
    InvalidPlatformState = 0x01,
    InvalidGuestState = 0x02,
    InvalidConfig = 0x03,
    InvalidLength = 0x04,
    AlreadyOwned = 0x05,
    InvalidCertificate = 0x06,
    PolicyFailure = 0x07,
    Inactive = 0x08,
    InvalidAddress = 0x09,
    BadSignature = 0x0A,
    BadMeasurement = 0x0B,
    AsidOwned = 0x0C,
    InvalidAsid = 0x0D,
    WbinvdRequired = 0x0E,
    DfFlushRequired = 0x0F,
    InvalidGuest = 0x10,
    InvalidCommand = 0x11,
    Active = 0x12,
    HardwarePlatform = 0x13,
    HardwareUnsafe = 0x14,
    Unsupported = 0x15,
    InvalidParameter = 0x16,
    ResourceLimit = 0x17,
    SecureDataInvalid = 0x18,
}

/// <summary>How QEMU and the kernel name each status.</summary>
public static class SevStatusNames
{
    // QEMU 7.2 target/i386/sev.c sev_fw_errlist, index = status code.
    private static readonly string[] QemuTexts =
    [
        "", "Platform state is invalid", "Guest state is invalid", "Platform configuration is invalid", "Buffer too small",
        "Platform is already owned", "Certificate is invalid", "Policy is not allowed", "Guest is not active", "Invalid address",
        "Bad signature", "Bad measurement", "ASID is already owned", "Invalid ASID", "WBINVD is required", "DF_FLUSH is required",
        "Guest handle is invalid", "Invalid command", "Guest is active", "Hardware error", "Hardware unsafe", "Feature not supported",
        "Invalid parameter", "Required firmware resource depleted", "Part-specific integrity check failure",
    ];

    // The kernel's SEV_RET_* names (its INAVLID_CONFIG typo corrected).
    private static readonly string[] Names =
    [
        "SUCCESS", "INVALID_PLATFORM_STATE", "INVALID_GUEST_STATE", "INVALID_CONFIG", "INVALID_LEN", "ALREADY_OWNED",
        "INVALID_CERTIFICATE", "POLICY_FAILURE", "INACTIVE", "INVALID_ADDRESS", "BAD_SIGNATURE", "BAD_MEASUREMENT", "ASID_OWNED",
        "INVALID_ASID", "WBINVD_REQUIRED", "DFFLUSH_REQUIRED", "INVALID_GUEST", "INVALID_COMMAND", "ACTIVE", "HWSEV_RET_PLATFORM",
        "HWSEV_RET_UNSAFE", "UNSUPPORTED", "INVALID_PARAM", "RESOURCE_LIMIT", "SECURE_DATA_INVALID",
    ];

    /// <summary>QEMU's fw_error_to_str: the table text, or "unknown error" outside it.</summary>
    public static string QemuText(int code) => code >= 0 && code < QemuTexts.Length ? QemuTexts[code] : "unknown error";

    /// <summary>The status as the kernel names it (SEV_RET_BAD_MEASUREMENT → "BAD_MEASUREMENT").</summary>
    public static string Name(this SevStatus status) => (int)status >= 0 && (int)status < Names.Length ? Names[(int)status] : $"0x{(int)status:x}";

    /// <summary>A stable error code for scripts: "sev-bad-measurement".</summary>
    public static string ErrorCode(this SevStatus status) => "sev-" + Name(status).ToLowerInvariant().Replace('_', '-');
}
