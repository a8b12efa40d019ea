namespace Qcrypto.Sev.Firmware;

/// <summary>The sizes of the SEV API's fixed buffers (AMD pub. 55766; sev-tool's sevapi.h).</summary>
public static class SevSizes
{
    /// <summary>sizeof(SEV_CERT): 0x824.</summary>
    public const int Certificate = 2084;

    /// <summary>PEK ‖ OCA ‖ CEK, as PDH_CERT_EXPORT returns the chain.</summary>
    public const int CertificateChain = 3 * Certificate;

    /// <summary>SEV_SESSION_BUF: NONCE[16] WRAP_TK[32] WRAP_IV[16] WRAP_MAC[32] POLICY_MAC[32].</summary>
    public const int Session = 128;

    /// <summary>SEV_MEASURE_BUF: MEASUREMENT[32] MNONCE[16].</summary>
    public const int Measurement = 48;

    /// <summary>The MEASUREMENT part of SEV_MEASURE_BUF.</summary>
    public const int Measure = 32;

    /// <summary>MNONCE: 16 bytes.</summary>
    public const int Mnonce = 16;

    /// <summary>SEV_HDR_BUF (LAUNCH_SECRET's packet header): FLAGS u32, IV[16], MAC[32].</summary>
    public const int PacketHeader = 52;

    /// <summary>TEK and TIK: 16 bytes each.</summary>
    public const int TransportKey = 16;

    /// <summary>GET_ID's output (two 32-byte CPU ids; QEMU's cpu0-id).</summary>
    public const int Id = 64;

    /// <summary>LAUNCH_UPDATE_DATA and LAUNCH_SECRET work on 16-byte units.</summary>
    public const int Alignment = 16;
}

/// <summary>SEV_SESSION_BUF field offsets.</summary>
public static class SessionLayout
{
    public const int Nonce = 0x00;
    public const int WrapTk = 0x10;
    public const int WrapIv = 0x30;
    public const int WrapMac = 0x40;
    public const int PolicyMac = 0x60;
}

/// <summary>SEV_HDR_BUF field offsets.</summary>
public static class PacketHeaderLayout
{
    public const int Flags = 0x00;
    public const int Iv = 0x04;
    public const int Mac = 0x14;

    /// <summary>FLAGS bit 0: the transport data is compressed.</summary>
    public const uint Compressed = 0x1;
}

/// <summary>The guest states of the firmware (GSTATE, spec §6.1.1).</summary>
public enum SevGuestState : byte
{
    Uninit = 0,
    LaunchUpdate = 1,
    LaunchSecret = 2,
    Running = 3,
    SendUpdate = 4,
    ReceiveUpdate = 5,
}

/// <summary>The platform states (spec §5.1).</summary>
public enum SevPlatformState : byte
{
    Uninit = 0,
    Init = 1,
    Working = 2,
}

/// <summary>PLATFORM_STATUS: API version, state, owner, config (bit 0 ES), build, guest count.</summary>
public sealed record PlatformStatus(byte ApiMajor, byte ApiMinor, SevPlatformState State, bool ExternallyOwned, bool ConfigEs, byte Build, uint GuestCount)
{
    /// <summary>The kernel's sev_user_data_status flags: bit 0 owner, bit 8 SEV_STATUS_FLAGS_CONFIG_ES.</summary>
    public uint Flags => (ExternallyOwned ? 1u : 0) | (ConfigEs ? 0x100u : 0);
}

/// <summary>GUEST_STATUS: handle, policy, ASID, state.</summary>
public sealed record GuestStatus(uint Handle, uint Policy, uint Asid, SevGuestState State);
