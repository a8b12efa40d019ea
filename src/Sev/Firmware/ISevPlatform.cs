namespace Qcrypto.Sev.Firmware;

/// <summary>
/// The SEV firmware commands a VMM issues, as the Linux kernel exposes them (the ccp driver's
/// SEV_ISSUE_CMD on /dev/sev for platform commands, KVM_MEMORY_ENCRYPT_OP for guest commands).
/// Every command returns a <see cref="SevResult"/>: ret, the firmware status, errno. Two
/// implementations: the Linux devices, and <c>SoftwarePsp</c>, a software model of the firmware.
/// </summary>
public interface ISevPlatform : IDisposable
{
    /// <summary>What messages call the platform ("/dev/sev", "software platform DIR").</summary>
    string Name { get; }

    SevResult PlatformStatus(out PlatformStatus status);

    /// <summary>
    /// PDH_CERT_EXPORT: the PDH and the chain PEK ‖ OCA ‖ CEK. Buffers shorter than needed give
    /// INVALID_LEN with the needed lengths written back (QEMU calls it twice, first to learn them).
    /// </summary>
    SevResult PdhCertExport(Span<byte> pdh, ref uint pdhLength, Span<byte> chain, ref uint chainLength);

    /// <summary>GET_ID: the 64-byte identity of the CPU (QEMU's cpu0-id); same length protocol.</summary>
    SevResult GetId(Span<byte> id, ref uint length);

    /// <summary>KVM_SEV_INIT / KVM_SEV_ES_INIT: prepares the platform for the VM about to launch.</summary>
    SevResult InitGuest(bool encryptedState);

    /// <summary>
    /// LAUNCH_START: a new guest (or one sharing keys with <paramref name="handle"/> when non-zero)
    /// with <paramref name="policy"/>; the owner's DH certificate and session buffer are optional.
    /// The kernel refuses a given buffer that is empty or over 16 KiB (EINVAL) before the firmware
    /// sees it. The new handle is written back.
    /// </summary>
    SevResult LaunchStart(ref uint handle, uint policy, SevBuffer dhCertificate, SevBuffer session);

    /// <summary>LAUNCH_UPDATE_DATA: measures <paramref name="data"/> (at guest address <paramref name="address"/>) and encrypts it in place.</summary>
    SevResult LaunchUpdateData(uint handle, ulong address, Span<byte> data);

    /// <summary>LAUNCH_MEASURE: MEASURE ‖ MNONCE into <paramref name="measurement"/>; a short buffer gives INVALID_LEN and the length.</summary>
    SevResult LaunchMeasure(uint handle, Span<byte> measurement, ref uint length);

    /// <summary>
    /// LAUNCH_SECRET: checks the packet header's MAC against the measurement, then decrypts
    /// <paramref name="transport"/> into <paramref name="guest"/> (guest memory at <paramref name="address"/>).
    /// </summary>
    SevResult LaunchSecret(uint handle, ReadOnlySpan<byte> header, ulong address, Span<byte> guest, ReadOnlySpan<byte> transport);

    SevResult LaunchFinish(uint handle);

    SevResult GuestStatus(uint handle, out GuestStatus status);

    /// <summary>DECOMMISSION: the guest context is destroyed.</summary>
    SevResult Decommission(uint handle);
}

/// <summary>The host a VMM launches on: its CPU's C-bit position, and how to open its SEV device.</summary>
public interface ISevHost
{
    /// <summary>CPUID 0x8000001F EBX[5:0]: where the host puts the C-bit.</summary>
    uint CbitPosition { get; }

    /// <summary>Opens <paramref name="device"/> (QEMU's sev-device) for a launch; errno on failure.</summary>
    ISevPlatform? Open(string device, out int errno);
}
