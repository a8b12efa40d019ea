using Qcrypto.Objects;
using Qcrypto.Posix;
using Qcrypto.SecretObjects;
using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Firmware;
using Qcrypto.Sev.Ovmf;

namespace Qcrypto.Sev.Launch;

/// <summary>The launch steps that touch guest memory: the kernel hashes table and the launch secret.</summary>
public sealed partial class SevLaunch
{
    /// <summary>
    /// sev_add_kernel_loader_hashes (kernel-hashes=on with a kernel): the hashes table written at the
    /// area OVMF designates and measured.
    /// </summary>
    public void AddKernelLoaderHashes(OvmfGuidTable table, IGuestMemory memory, ReadOnlySpan<byte> kernel, ReadOnlySpan<byte> initrd, ReadOnlySpan<byte> cmdline)
    {
        if (!KernelHashes)
        {
            return;
        }

        if (!table.TryFindArea(OvmfGuids.SevHashTable, out var areaBase, out var areaSize))
        {
            throw new SevException(SevErrorCodes.HashTable, "SEV: kernel specified but guest firmware has no hashes table GUID",
                hint: "kernel-hashes=on needs an OVMF built for SEV measured boot (OvmfPkg/AmdSev)");
        }

        if (areaBase == 0 || areaSize < KernelHashTable.PaddedLength)
        {
            throw new SevException(SevErrorCodes.HashTable, $"SEV: guest firmware hashes table area is invalid (base=0x{areaBase:x} size=0x{areaSize:x})",
                hint: "this OVMF reserves no hashes area (not an AmdSev build): use OvmfPkg/AmdSev's OVMF.fd, or kernel-hashes=off");
        }

        var padded = KernelHashTable.Build(kernel, initrd, cmdline);
        GuestRegion region;
        try
        {
            region = memory.Map(areaBase, padded.Length);
        }
        catch (SevException e)
        {
            throw new SevException(SevErrorCodes.HashTable, "SEV: cannot map hashes table guest memory area", hint: e.QemuMessage);
        }

        using (region)
        {
            padded.CopyTo(region.Span);
            region.Commit();
            EncryptFlash(areaBase, region.Span);
        }
    }

    /// <summary>
    /// qmp_sev_inject_launch_secret: the secret area from OVMF's table when no gpa is given, then
    /// sev_inject_launch_secret. Guest memory changes only when the firmware accepts the packet.
    /// </summary>
    /// <remarks>
    /// Deliberate difference: an OVMF that lists the secret area with base 0 and size 0 (an OVMF that
    /// is not an AmdSev build, such as Debian's) is refused like a missing entry; QEMU 7.2 would
    /// inject at guest address 0.
    /// </remarks>
    public (ulong Address, int Length) InjectLaunchSecret(string packetHeader, string secret, ulong? gpa, OvmfGuidTable table, IGuestMemory memory)
    {
        if (gpa is null)
        {
            if (!table.TryFindArea(OvmfGuids.SevSecret, out var areaBase, out var areaSize) || (areaBase == 0 && areaSize == 0))
            {
                throw new SevException(SevErrorCodes.SecretArea, "SEV: no secret area found in OVMF, gpa must be specified.",
                    hint: table.TryFindArea(OvmfGuids.SevSecret, out _, out _)
                        ? "the firmware's secret area is empty (base=0x0 size=0x0): it is not an AmdSev OVMF build (QEMU 7.2 would inject at address 0)"
                        : "the firmware has no SEV secret area: give the guest address of the secret explicitly");
            }

            gpa = areaBase;
        }

        return (gpa.Value, InjectLaunchSecret(packetHeader, secret, gpa.Value, memory));
    }

    /// <summary>sev_inject_launch_secret; returns the length written at <paramref name="gpa"/>.</summary>
    public int InjectLaunchSecret(string packetHeader, string secret, ulong gpa, IGuestMemory memory)
    {
        if (State != SevState.LaunchSecret)
        {
            throw new SevException(SevErrorCodes.State, $"SEV: Not in correct state. (LSECRET) {(int)State:x}",
                hint: State < SevState.LaunchSecret ? "the guest has not been measured yet" : "the secret can be injected once, before the guest runs");
        }

        using var header = QBase64.DecodeGlib(RawText.GetBytes(packetHeader));
        if (header.Length == 0)
        {
            throw new SevException(SevErrorCodes.Decode, "SEV: Failed to decode sequence header");
        }

        using var data = QBase64.DecodeGlib(RawText.GetBytes(secret));
        if (data.Length == 0)
        {
            throw new SevException(SevErrorCodes.Decode, "SEV: Failed to decode data");
        }

        ObjectWarning? headerSize = null;
        if (header.Length != SevSizes.PacketHeader)
        {
            headerSize = new ObjectWarning("sev-packet-header-size",
                $"packet-header decodes to {header.Length} bytes, not the {SevSizes.PacketHeader} of a packet header: QEMU passes it on and LAUNCH_SECRET fails ('Buffer too small')", null);
            _warnings.Add(headerSize);
        }

        GuestRegion region;
        try
        {
            region = memory.Map(gpa, data.Length);
        }
        catch (SevException e)
        {
            throw new SevException(SevErrorCodes.GuestAddress, "SEV: Failed to calculate guest address: " + e.QemuMessage, hint: e.Fix);
        }

        using (region)
        {
            var r = _platform.LaunchSecret(Handle, header.Span, gpa, region.Span, data.Span);
            if (!r.Ok)
            {
                throw new SevException(r.Status.ErrorCode(), $"SEV: failed to inject secret ret={r.Ret} fw_error={r.FwError} '{SevStatusNames.QemuText(r.FwError)}'",
                    r.Status, headerSize?.Message ?? SevHints.For(r.Status, SevCommand.LaunchSecret));
            }

            region.Commit();
            return data.Length;
        }
    }

    /// <summary>
    /// A VMM taking over a guest it did not start (a software platform keeps its guests between
    /// processes): the state from GUEST_STATUS, the platform's version from PLATFORM_STATUS, the
    /// measurement as the first VMM recorded it.
    /// </summary>
    public static SevLaunch Attach(ISevPlatform platform, uint handle, bool kernelHashes, string? measurement)
    {
        var r = platform.GuestStatus(handle, out var guest);
        if (!r.Ok)
        {
            throw new SevException(r.Status.ErrorCode(), $"SEV: GUEST_STATUS ret={r.Ret} fw_error={r.FwError} '{SevStatusNames.QemuText(r.FwError)}'",
                r.Status, SevHints.For(r.Status, SevCommand.GuestStatus));
        }

        r = platform.PlatformStatus(out var status);
        if (!r.Ok)
        {
            throw Fw($"sev_kvm_init: failed to get platform status ret={r.Ret} fw_error='{r.FwError}: {SevStatusNames.QemuText(r.FwError)}'", r);
        }

        var launch = new SevLaunch(platform, new SevPolicy(guest.Policy), kernelHashes)
        {
            Handle = guest.Handle,
            State = SevStateNames.FromFirmware(guest.State),
            ApiMajor = status.ApiMajor,
            ApiMinor = status.ApiMinor,
            BuildId = status.Build,
        };
        launch.Measurement = launch.State >= SevState.LaunchSecret ? measurement : null;
        return launch;
    }

    /// <summary>query-sev-capabilities on <paramref name="platform"/> (QEMU: PDH_CERT_EXPORT and GET_ID, twice each).</summary>
    public static SevCapability QueryCapabilities(ISevPlatform platform, ISevHost host)
    {
        uint pdhLength = 0, chainLength = 0;
        var r = platform.PdhCertExport([], ref pdhLength, [], ref chainLength);
        if (!r.Ok && r.Status != SevStatus.InvalidLength)
        {
            throw Fw($"SEV: Failed to export PDH cert ret={r.Ret} fw_err={r.FwError} ({SevStatusNames.QemuText(r.FwError)})", r);
        }

        var pdh = new byte[pdhLength];
        var chain = new byte[chainLength];
        r = platform.PdhCertExport(pdh, ref pdhLength, chain, ref chainLength);
        if (!r.Ok)
        {
            throw Fw($"SEV: Failed to export PDH cert ret={r.Ret} fw_err={r.FwError} ({SevStatusNames.QemuText(r.FwError)})", r);
        }

        uint idLength = 0;
        r = platform.GetId([], ref idLength);
        var id = new byte[idLength];
        r = r.Ok || r.Status == SevStatus.InvalidLength ? platform.GetId(id, ref idLength) : r;
        if (!r.Ok)
        {
            throw Fw($"SEV: Failed to get ID ret={r.Ret} fw_err={r.FwError} ({SevStatusNames.QemuText(r.FwError)})", r);
        }

        return new SevCapability(Convert.ToBase64String(pdh, 0, (int)pdhLength), Convert.ToBase64String(chain, 0, (int)chainLength),
            Convert.ToBase64String(id, 0, (int)idLength), host.CbitPosition, 1);
    }
}
