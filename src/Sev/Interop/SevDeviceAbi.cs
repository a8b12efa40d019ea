using System.Runtime.InteropServices;

namespace Qcrypto.Sev.Interop;

/// <summary>
/// The ABI of the ccp driver's /dev/sev (include/uapi/linux/psp-sev.h): SEV_ISSUE_CMD and the
/// platform commands QEMU 7.2 issues (PLATFORM_STATUS, PDH_CERT_EXPORT, GET_ID2).
/// </summary>
internal static class SevDeviceAbi
{
    /// <summary>_IOWR('S', 0x0, struct sev_issue_cmd): direction 3, size 16, type 'S', number 0.</summary>
    public const ulong SEV_ISSUE_CMD = (3UL << 30) | (16UL << 16) | ('S' << 8) | 0x0;

    // enum sev_cmd_id (the ioctl's command numbers, not the firmware's).
    public const uint SEV_PLATFORM_STATUS = 1;
    public const uint SEV_PDH_CERT_EXPORT = 5;
    public const uint SEV_GET_ID2 = 8;

    /// <summary>struct sev_issue_cmd { __u32 cmd; __u64 data; __u32 error; } __packed (16 bytes).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 16)]
    public struct IssueCmd
    {
        [FieldOffset(0)] public uint Cmd;
        [FieldOffset(4)] public ulong Data;
        [FieldOffset(12)] public uint Error;
    }

    /// <summary>struct sev_user_data_status (packed, 12 bytes).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 12)]
    public struct Status
    {
        [FieldOffset(0)] public byte ApiMajor;
        [FieldOffset(1)] public byte ApiMinor;
        [FieldOffset(2)] public byte State;
        [FieldOffset(3)] public uint Flags;
        [FieldOffset(7)] public byte Build;
        [FieldOffset(8)] public uint GuestCount;
    }

    /// <summary>SEV_STATUS_FLAGS_CONFIG_ES: the platform was initialised for SEV-ES.</summary>
    public const uint StatusFlagsConfigEs = 0x0100;

    /// <summary>SEV_STATUS_FLAGS_CONFIG_OWNER bit: 1 = externally owned.</summary>
    public const uint StatusFlagsOwner = 0x0001;

    /// <summary>struct sev_user_data_pdh_cert_export (packed, 24 bytes).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 24)]
    public struct PdhCertExport
    {
        [FieldOffset(0)] public ulong PdhCertAddress;
        [FieldOffset(8)] public uint PdhCertLength;
        [FieldOffset(12)] public ulong CertChainAddress;
        [FieldOffset(20)] public uint CertChainLength;
    }

    /// <summary>struct sev_user_data_get_id2 (packed, 12 bytes).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 12)]
    public struct GetId2
    {
        [FieldOffset(0)] public ulong Address;
        [FieldOffset(8)] public uint Length;
    }
}
