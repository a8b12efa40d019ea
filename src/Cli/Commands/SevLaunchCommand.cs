using System.CommandLine;
using Qcrypto.Objects;
using Qcrypto.Posix;
using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Firmware;
using Qcrypto.Sev.Interop;
using Qcrypto.Sev.Launch;
using Qcrypto.Sev.Objects;
using Qcrypto.Sev.Software;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// <c>qcrypto sev launch</c>: the VMM's half of a launch, as QEMU 7.2 runs
/// <c>-object sev-guest,... -machine memory-encryption=ID -drive if=pflash,unit=0,file=FIRMWARE -S</c>:
/// LAUNCH_START with the owner's files, LAUNCH_UPDATE_DATA of the firmware (and of the kernel hashes),
/// LAUNCH_MEASURE. On a software platform (--platform) the guest stays there, measured and waiting
/// for its secret ('sev inject'); without it the host's sev-device is used.
/// </summary>
internal static class SevLaunchCommand
{
    public static Command Create()
    {
        var platform = new Option<string?>("--platform") { HelpName = "DIR", Description = "the software SEV platform to launch on (default: the sev-guest's sev-device, /dev/sev)" };
        var objects = CommonOptions.Objects(required: true);
        var firmware = new Option<string>("--firmware") { HelpName = "FILE", Description = "the firmware image, as pflash unit 0 (OVMF_CODE.fd)", Required = true };
        var kernel = SevCli.Kernel();
        var initrd = SevCli.Initrd();
        var append = SevCli.Append();
        var allow = CommonOptions.AllowWorldReadable();
        var json = CommonOptions.Json();
        var command = new Command("launch", "Launch and measure an SEV guest as QEMU does (LAUNCH_START, LAUNCH_UPDATE_DATA, LAUNCH_MEASURE); print query-sev and the measurement")
        {
            platform, objects, firmware, kernel, initrd, append, allow, json,
        };
        command.SetAction(r => Run(r.GetValue(platform), r.GetValue(objects)!, r.GetValue(firmware)!, r.GetValue(kernel), r.GetValue(initrd),
            r.GetValue(append), r.GetValue(allow), r.GetValue(json)));
        return command;
    }

    private static int Run(string? platformDir, string[] lines, string firmwarePath, string? kernelPath, string? initrdPath, string? append, bool allow, bool json)
    {
        if (kernelPath is null && (initrdPath is not null || append is not null))
        {
            throw new UsageException("--initrd and --append describe a direct boot: they need --kernel");
        }

        var firmware = SevInputs.Read(firmwarePath, "--firmware");
        var kernel = kernelPath is null ? null
            : new KernelBoot(SevInputs.Read(kernelPath, "--kernel"), initrdPath is null ? [] : SevInputs.Read(initrdPath, "--initrd"), append is null ? [] : RawText.GetBytes(append));
        using var registry = ObjectLineProcessor.Build(lines, allow);
        var guests = registry.OfType<SevGuest>().ToList();
        if (guests.Count != 1)
        {
            throw new UsageException(guests.Count == 0 ? "no sev-guest among the --object lines" : "more than one sev-guest: a machine uses one (memory-encryption=ID)",
                "add --object sev-guest,id=sev0,cbitpos=47,reduced-phys-bits=1,dh-cert-file=godh.b64,session-file=session.b64");
        }

        if (platformDir is null)
        {
            return OnHost(guests[0], firmware, kernel, json);
        }

        using var psp = SoftwarePsp.Open(platformDir, allow);
        var outcome = VmLaunch.Launch(psp, guests[0], firmware, kernel);
        Print(outcome, psp.Directory, json, persistent: true);
        return outcome.Measurement is null ? ExitCodes.Invalid : ExitCodes.Ok;
    }

    /// <summary>The host's SEV device: the guest lives only as long as this process's VM.</summary>
    private static int OnHost(SevGuest guest, byte[] firmware, KernelBoot? kernel, bool json)
    {
        LaunchOutcome outcome;
        ISevPlatform platform;
        try
        {
            (outcome, platform) = VmLaunch.Launch(new LinuxSevHost(), guest, firmware, kernel);
        }
        catch (SevException e) when (e.Code == SevErrorCodes.Device || e.Property == "cbitpos")
        {
            throw new SevException(e.Code, e.QemuMessage, e.Status, $"{e.Hint}; or launch on a software platform: --platform DIR ('qcrypto sev platform init DIR')",
                e.Reports, property: e.Property);
        }

        using (platform)
        {
            Print(outcome, null, json, persistent: false);
        }

        return outcome.Measurement is null ? ExitCodes.Invalid : ExitCodes.Ok;
    }

    private static void Print(LaunchOutcome outcome, string? platform, bool json, bool persistent)
    {
        foreach (var w in outcome.Warnings)
        {
            Diagnostics.Warning($"{w.Message} [{w.Code}]", w.Hint);
        }

        foreach (var report in outcome.Reports)
        {
            Diagnostics.Warning(report);
        }

        if (!persistent)
        {
            Diagnostics.Warning("the guest lives only as long as this process: inject its secret with a VMM that keeps it (or use --platform)");
        }

        var unavailable = outcome.Measurement is null ? new SevException(SevErrorCodes.State, "SEV launch measurement is not available") : null;
        if (json)
        {
            JsonOutput.Write(w =>
            {
                w.WriteStartObject();
                SevOutput.WriteInfo(w, "query-sev", outcome.Info);
                if (unavailable is null)
                {
                    w.WriteStartObject("query-sev-launch-measure");
                    w.WriteString("data", outcome.Measurement);
                    w.WriteEndObject();
                }
                else
                {
                    SevOutput.WriteQmpError(w, "query-sev-launch-measure", unavailable);
                }

                w.WriteString("launch-digest", Convert.ToHexStringLower(outcome.LaunchDigest));
                w.WriteNumber("firmware-size", outcome.FlashSize);
                w.WriteNumber("flash-base", outcome.FlashBase);
                JsonOutput.WriteOptional(w, "platform", platform);
                JsonOutput.WriteWarnings(w, outcome.Warnings);
                w.WriteEndObject();
            });
        }
        else
        {
            SevOutput.PrintInfo(outcome.Info);
            Std.Out.WriteLine($"measurement: {outcome.Measurement ?? "(not available)"}");
            Std.Out.WriteLine($"launch digest: {Convert.ToHexStringLower(outcome.LaunchDigest)} (SHA-256 of what was LAUNCH_UPDATE'd)");
            if (platform is not null && unavailable is null)
            {
                Std.Out.WriteLine($"next: qcrypto sev verify ... --measurement {outcome.Measurement}; then qcrypto sev inject --platform {platform} --handle {outcome.Info.Handle} ...");
            }
        }

        if (unavailable is not null)
        {
            Diagnostics.Error(unavailable);
        }
    }
}
