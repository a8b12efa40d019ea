using System.CommandLine;
using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Launch;
using Qcrypto.Sev.Software;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// <c>qcrypto sev inject</c>: sev-inject-launch-secret on a guest the software platform keeps (the
/// secret area from OVMF's table unless --gpa), then its first run (LAUNCH_FINISH). Prints query-sev
/// and what the guest now reads at the secret area.
/// </summary>
internal static class SevInjectCommand
{
    public static Command Create()
    {
        var platform = SevCli.Platform(required: true);
        var handle = new Option<string>("--handle") { HelpName = "N", Description = "the guest's handle (query-sev's handle, as 'sev launch' printed it)", Required = true };
        var header = new Option<string>("--packet-header") { HelpName = "BASE64", Description = "the launch secret packet header ('sev secret' prints it)", Required = true };
        var secret = new Option<string>("--secret") { HelpName = "BASE64", Description = "the encrypted secret ('sev secret' prints it)", Required = true };
        var gpa = new Option<string?>("--gpa") { HelpName = "ADDRESS", Description = "guest physical address of the secret (default: OVMF's SEV secret area)" };
        var allow = CommonOptions.AllowWorldReadable();
        var json = CommonOptions.Json();
        var command = new Command("inject", "Inject a launch secret into a measured guest (sev-inject-launch-secret), then start it (LAUNCH_FINISH)")
        {
            platform, handle, header, secret, gpa, allow, json,
        };
        command.SetAction(r => Run(r.GetValue(platform)!, r.GetValue(handle)!, r.GetValue(header)!, r.GetValue(secret)!, r.GetValue(gpa), r.GetValue(allow), r.GetValue(json)));
        return command;
    }

    private static int Run(string platformDir, string handleText, string header, string secret, string? gpaText, bool allow, bool json)
    {
        var handle = SevNumbers.Parse(handleText, "--handle");
        ulong? gpa = gpaText is null ? null : SevNumbers.Parse64(gpaText, "--gpa");
        using var psp = SoftwarePsp.Open(platformDir, allow);
        InjectOutcome outcome;
        try
        {
            outcome = VmLaunch.Inject(psp, handle, header, secret, gpa);
        }
        catch (SevException e) when (e.Code == SevErrorCodes.SecretArea)
        {
            throw new SevException(e.Code, e.QemuMessage, hint: $"{e.Hint}: give the address with --gpa");
        }

        foreach (var w in outcome.Warnings)
        {
            Diagnostics.Warning($"{w.Message} [{w.Code}]", w.Hint);
        }

        if (json)
        {
            JsonOutput.Write(w =>
            {
                w.WriteStartObject();
                SevOutput.WriteInfo(w, "query-sev", outcome.Info);
                w.WriteNumber("gpa", outcome.Address);
                w.WriteString("guest-memory", Convert.ToBase64String(outcome.GuestMemory));
                JsonOutput.WriteWarnings(w, outcome.Warnings);
                w.WriteEndObject();
            });
        }
        else
        {
            SevOutput.PrintInfo(outcome.Info);
            Std.Out.WriteLine($"secret injected at gpa 0x{outcome.Address:x} ({outcome.GuestMemory.Length} bytes); the guest reads there:");
            Std.Out.WriteLine(Convert.ToBase64String(outcome.GuestMemory));
        }

        return ExitCodes.Ok;
    }
}
