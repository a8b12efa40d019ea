using System.Text.Json.Nodes;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// The demo's SEV step, with the real verbs as a guest owner and a host run them: a software platform,
/// the owner's session verified against the platform's chain, a launch measured as QEMU measures the
/// firmware, the owner's verification (and a wrong guess refused), a secret bound to that measurement,
/// its injection, and the guest memory holding it.
/// </summary>
internal static class DemoSev
{
    private const string DebianOvmf = "/usr/share/OVMF/OVMF_CODE.fd";
    private const string SecretAddress = "0x800000";

    public static bool LaunchWithSecret(string dir)
    {
        string Cli(string display, params string[] args)
        {
            Std.Out.WriteLine($"   qcrypto {display}");
            if (DemoCommand.Self(args, dir, out var stdout, out var stderr) != 0)
            {
                throw new InvalidOperationException($"qcrypto {string.Join(' ', args.Take(2))} failed: {stderr.Trim()}");
            }

            return stdout;
        }

        Cli("sev platform init sev-platform", "sev", "platform", "init", "sev-platform");
        var line = Cli("sev session --pdh sev-platform/pdh.cert --cert-chain sev-platform/cert_chain.cert --policy 0x1 --out-dir sev-owner",
            "sev", "session", "--pdh", "sev-platform/pdh.cert", "--cert-chain", "sev-platform/cert_chain.cert", "--policy", "0x1", "--out-dir", "sev-owner").Trim();
        Std.Out.WriteLine($"   {line.Replace(dir + "/", string.Empty, StringComparison.Ordinal)}");
        Std.Out.WriteLine("   (sev-owner/: godh.cert, launch_blob.bin, godh.b64, session.b64, and tmp_tk.bin with TEK and TIK, mode 0600)");

        // The firmware: Debian's OVMF when installed (it is not an AmdSev build: its secret area is empty, so the address is given).
        var firmware = File.Exists(DebianOvmf) ? DebianOvmf : Path.Combine(dir, "stand-in.fd");
        if (!File.Exists(firmware))
        {
            File.WriteAllBytes(firmware, new byte[1 << 20]);
        }

        var launch = JsonNode.Parse(Cli($"sev launch --platform sev-platform --object '<the line>' --firmware {Path.GetFileName(firmware)} --json",
            "sev", "launch", "--platform", "sev-platform", "--object", line, "--firmware", firmware, "--json"))!;
        var info = launch["query-sev"]!;
        var measurement = (string)launch["query-sev-launch-measure"]!["data"]!;
        Std.Out.WriteLine($"   query-sev: handle {info["handle"]}, state {info["state"]}, api {info["api-major"]}.{info["api-minor"]}, build {info["build-id"]}, policy {info["policy"]}");
        Std.Out.WriteLine($"   query-sev-launch-measure: {measurement}");

        string[] verify = ["sev", "verify", "--tk-file", "sev-owner/tmp_tk.bin", "--measurement", measurement, "--api-major", $"{info["api-major"]}",
            "--api-minor", $"{info["api-minor"]}", "--build", $"{info["build-id"]}", "--policy", "1", "--ovmf", firmware];
        var matches = DemoCommand.Self(verify, dir, out var verified, out _) == 0;
        Std.Out.WriteLine($"   qcrypto sev verify --tk-file sev-owner/tmp_tk.bin --measurement ... --api-minor {info["api-minor"]} --build {info["build-id"]} --policy 1 --ovmf ...: {verified.Split('\n')[0]}");
        var wrong = DemoCommand.Self([.. verify[..^4], "--policy", "3", "--ovmf", firmware], dir, out _, out _);
        Std.Out.WriteLine($"   the same with --policy 3 (not the launch's): exit {wrong}, the owner sends no secret");

        var secretFile = Path.Combine(dir, "luks-passphrase");
        File.WriteAllText(secretFile, "correct horse battery staple");
        File.SetUnixFileMode(secretFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var packet = JsonNode.Parse(Cli("sev secret --tk-file sev-owner/tmp_tk.bin --measurement ... --in luks-passphrase --json",
            "sev", "secret", "--tk-file", "sev-owner/tmp_tk.bin", "--measurement", measurement, "--in", secretFile, "--json"))!;
        var injected = JsonNode.Parse(Cli($"sev inject --platform sev-platform --handle {info["handle"]} --packet-header ... --secret ... --gpa {SecretAddress} --json",
            "sev", "inject", "--platform", "sev-platform", "--handle", $"{info["handle"]}", "--packet-header", (string)packet["packet-header"]!,
            "--secret", (string)packet["secret"]!, "--gpa", SecretAddress, "--json"))!;
        var memory = Convert.FromBase64String((string)injected["guest-memory"]!);
        var seen = System.Text.Encoding.ASCII.GetString(memory).TrimEnd('\0');
        Std.Out.WriteLine($"   query-sev: state {injected["query-sev"]!["state"]}; the guest reads at {SecretAddress}: \"{seen}\" ({memory.Length} bytes, zero-padded)");

        var again = DemoCommand.Self(["sev", "inject", "--platform", "sev-platform", "--handle", $"{info["handle"]}", "--packet-header", (string)packet["packet-header"]!,
            "--secret", (string)packet["secret"]!, "--gpa", SecretAddress], dir, out _, out var refused);
        Std.Out.WriteLine($"   injecting again: {refused.Split('\n')[0].Replace("qcrypto: error: ", string.Empty, StringComparison.Ordinal)}");
        return matches && wrong == ExitCodes.Invalid && seen == "correct horse battery staple" && (string)injected["query-sev"]!["state"]! == "running"
            && again == ExitCodes.Invalid;
    }
}
