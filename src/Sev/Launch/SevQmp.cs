using Qcrypto.Posix;
using Qcrypto.Sev.Firmware;
using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Objects;
using Qcrypto.Sev.Ovmf;

namespace Qcrypto.Sev.Launch;

/// <summary>
/// The QMP commands of QEMU 7.2's SEV support for a VMM that may or may not run an SEV guest
/// (a null launch: the machine has no memory-encryption object), with QEMU's answers
/// in that case.
/// </summary>
public static class SevQmp
{
    /// <summary>query-sev: SevInfo; a machine without SEV answers enabled=false (and zeros).</summary>
    public static SevInfo QuerySev(SevLaunch? launch) => launch?.QuerySev() ?? new SevInfo(false, 0, 0, 0, 0, SevState.Uninit, 0);

    /// <summary>query-sev-launch-measure.</summary>
    public static string QueryLaunchMeasure(SevLaunch? launch) =>
        launch is null ? throw new SevException(SevErrorCodes.NotEnabled, "SEV launch measurement is not available") : launch.QueryLaunchMeasure();

    /// <summary>sev-inject-launch-secret; the address written and the length.</summary>
    public static (ulong Address, int Length) InjectLaunchSecret(SevLaunch? launch, string packetHeader, string secret, ulong? gpa, OvmfGuidTable table, IGuestMemory memory) =>
        launch is null ? throw new SevException(SevErrorCodes.NotEnabled, "SEV not enabled for guest")
        : launch.InjectLaunchSecret(packetHeader, secret, gpa, table, memory);

    /// <summary>
    /// query-sev-capabilities on <paramref name="host"/>: QEMU opens the default device (/dev/sev, not
    /// the object's sev-device) and exports the PDH, the chain and the CPU id.
    /// </summary>
    public static SevCapability QueryCapabilities(ISevHost host)
    {
        using var platform = host.Open(SevGuest.DefaultDevice, out var errno)
            ?? throw new SevException(SevErrorCodes.Device, $"SEV: Failed to open {SevGuest.DefaultDevice}: {PosixFile.StrError(errno)}");
        return SevLaunch.QueryCapabilities(platform, host);
    }
}
