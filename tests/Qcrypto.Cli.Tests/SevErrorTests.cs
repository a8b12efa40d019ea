using System.Text.Json.Nodes;
using Qcrypto.Sev.Interop;

namespace Qcrypto.Cli.Tests;

/// <summary>
/// The sev verbs' failures: QEMU's lines with the firmware's status, exit 1 for what is wrong with
/// the inputs examined and 2 for what could not run, hints that name the fix, and outputs written
/// all or nothing.
/// </summary>
public sealed class SevErrorTests
{
    private static string[] Files(SevFlowTests.Rig rig) => [.. Directory.GetFiles(rig.Dir.File("owner")).Order()];

    [Fact]
    public void SessionValidatesEverythingBeforeWritingAnything()
    {
        using var rig = new SevFlowTests.Rig();
        var before = Files(rig).Select(File.ReadAllBytes).ToList();
        var hex = rig.Run(2, "sev", "session", "--pdh", "plat/pdh.cert", "--policy", "3f", "--out-dir", "fresh");
        Assert.Contains("--policy '3f' is not a number", hex.Stderr);
        Assert.Contains("--policy 0x3f", hex.Stderr);
        Assert.False(Directory.Exists(rig.Dir.File("fresh")));

        rig.Run(0, "sev", "platform", "init", "other");
        var foreign = rig.Run(1, "sev", "session", "--pdh", "plat/pdh.cert", "--cert-chain", "other/cert_chain.cert", "--policy", "1", "--out-dir", "fresh");
        Assert.Contains("the PDH is not signed by the chain's PEK", foreign.Stderr);
        Assert.False(Directory.Exists(rig.Dir.File("fresh")));

        var swapped = rig.Run(1, "sev", "session", "--pdh", "plat/cert_chain.cert", "--policy", "1", "--out-dir", "fresh");
        Assert.Contains("pass it as --cert-chain", swapped.Stderr);
        Assert.Contains("this looks like pdh.cert", rig.Run(1, "sev", "session", "--pdh", "plat/pdh.cert", "--cert-chain", "plat/pdh.cert", "--policy", "1", "--out-dir", "fresh").Stderr);
        Assert.Contains("--pdh: cannot read file", rig.Run(2, "sev", "session", "--pdh", "nope.cert", "--policy", "1", "--out-dir", "fresh").Stderr);
        Assert.False(Directory.Exists(rig.Dir.File("fresh")));

        var exists = rig.Run(2, "sev", "session", "--pdh", "plat/pdh.cert", "--policy", "1", "--out-dir", "owner");
        Assert.Contains("already exist: nothing was written", exists.Stderr);
        Assert.Equal(before, Files(rig).Select(File.ReadAllBytes).ToList());
        Assert.DoesNotContain(Directory.GetFiles(rig.Dir.File("owner")), f => f.Contains(".tmp-", StringComparison.Ordinal));
    }

    [Fact]
    public void PdhAsQmpBase64AndAsSevctlExport()
    {
        using var rig = new SevFlowTests.Rig();
        var caps = JsonNode.Parse(rig.Run(0, "sev", "platform", "init", "p2", "--json").Stdout)!["query-sev-capabilities"]!;
        File.WriteAllText(rig.Dir.File("pdh.b64"), $"\"{(string)caps["pdh"]!}\"\n");
        File.WriteAllText(rig.Dir.File("chain.b64"), (string)caps["cert-chain"]!);
        var fromQmp = rig.Run(0, "sev", "session", "--pdh", "pdh.b64", "--cert-chain", "chain.b64", "--policy", "1", "--out-dir", "s1");
        Assert.DoesNotContain("warning", fromQmp.Stderr);

        // sevctl export: PDH ‖ PEK ‖ OCA ‖ CEK in one file, verified without --cert-chain.
        File.WriteAllBytes(rig.Dir.File("sevctl.chain"), [.. File.ReadAllBytes(rig.Dir.File("p2/pdh.cert")), .. File.ReadAllBytes(rig.Dir.File("p2/cert_chain.cert"))]);
        var fromSevctl = rig.Json(0, "sev", "session", "--pdh", "sevctl.chain", "--policy", "1", "--out-dir", "s2");
        Assert.True((bool)fromSevctl["pdh-verified"]!);

        var unverified = rig.Run(0, "sev", "session", "--pdh", "p2/pdh.cert", "--policy", "1", "--out-dir", "s3");
        Assert.Contains("the PDH was not verified", unverified.Stderr);
        File.WriteAllBytes(rig.Dir.File("short.cert"), File.ReadAllBytes(rig.Dir.File("p2/pdh.cert"))[..2000]);
        Assert.Contains("holds 2000 bytes", rig.Run(1, "sev", "session", "--pdh", "short.cert", "--policy", "1", "--out-dir", "s4").Stderr);
    }

    [Fact]
    public void MeasureReproducesSevctlAndTakesDecimalOrHex()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("tik.bin"), Convert.FromHexString("3569cf61a32a602b87185ac6e0f55913"));
        File.SetUnixFileMode(dir.File("tik.bin"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        string[] args = ["sev", "measure", "--tik", "tik.bin", "--api-major", "1", "--api-minor", "0x28", "--build", "40", "--policy", "0x03",
            "--digest", "xkvRAfyaSizgonxAjZIAkR8TmolUabBKQKb6KJCDDSM=", "--mnonce", "wxP6tRHCFrFQWxsuqZA8QA=="];
        var r = CliRunner.Run(dir.Path, args);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(Convert.ToHexStringLower(Convert.FromBase64String("lswbxWxI9gckya16JQvdFtpYmNO4b+3inAPpqsgoBI4=")) + "\n", r.Stdout);
        var json = JsonNode.Parse(CliRunner.Run(dir.Path, [.. args, "--json"]).Stdout)!;
        Assert.Equal("lswbxWxI9gckya16JQvdFtpYmNO4b+3inAPpqsgoBI7DE/q1EcIWsVBbGy6pkDxA", (string)json["query-sev-launch-measure"]!);

        var bad = CliRunner.Run(dir.Path, [.. args[..5], "2a", .. args[6..]]);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--api-major '2a' is not a number", bad.Stderr);
        var big = CliRunner.Run(dir.Path, [.. args[..7], "256", .. args[8..]]);
        Assert.Contains("--api-minor 256 is out of range (0..255)", big.Stderr);

        File.SetUnixFileMode(dir.File("tik.bin"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var exposed = CliRunner.Run(dir.Path, args);
        Assert.Equal(2, exposed.ExitCode);
        Assert.Contains("Refusing to read key file", exposed.Stderr);
        Assert.Contains("--allow-world-readable", exposed.Stderr);
        Assert.Equal(0, CliRunner.Run(dir.Path, [.. args, "--allow-world-readable"]).ExitCode);
    }

    [Fact]
    public void LaunchFailuresAsQemuReportsThem()
    {
        using var rig = new SevFlowTests.Rig("0x1");
        var wrongPolicy = rig.Run(1, "sev", "launch", "--platform", "plat", "--object", rig.Line.Replace("policy=0x1", "policy=0x3"), "--firmware", "/usr/share/OVMF/OVMF_CODE.fd");
        Assert.Contains("qcrypto: error: sev_launch_start: LAUNCH_START ret=1 fw_error=11 'Bad measurement'\n", wrongPolicy.Stderr);
        Assert.Contains("qcrypto: error: sev_kvm_init: failed to create encryption context [sev-bad-measurement]", wrongPolicy.Stderr);

        var session = File.ReadAllText(rig.Dir.File("owner/session.b64"));
        File.WriteAllText(rig.Dir.File("owner/session.b64"), File.ReadAllText(rig.Dir.File("owner/godh.b64")));
        File.WriteAllText(rig.Dir.File("owner/godh.b64"), session);
        var swapped = rig.Run(1, "sev", "launch", "--platform", "plat", "--object", rig.Line, "--firmware", "/usr/share/OVMF/OVMF_CODE.fd");
        Assert.Contains("are dh-cert-file and session-file swapped?", swapped.Stderr);
        Assert.Contains("LAUNCH_START ret=1 fw_error=4 'Buffer too small'", swapped.Stderr);

        File.WriteAllBytes(rig.Dir.File("tiny.fd"), new byte[5000]);
        Assert.Contains("system firmware block device pflash0 has invalid size 5120", rig.Run(1, "sev", "launch", "--platform", "plat", "--object", rig.Line, "--firmware", "tiny.fd").Stderr);

        // The host's own /dev/sev path: QEMU's first failing check on this machine.
        var host = new LinuxSevHost();
        var onHost = rig.Run(1, "sev", "launch", "--object", rig.Line.Replace("cbitpos=47", $"cbitpos={host.CbitPosition}"), "--firmware", "/usr/share/OVMF/OVMF_CODE.fd");
        Assert.Contains(File.Exists("/dev/sev") ? "sev_kvm_init:" : "sev_kvm_init: Failed to open /dev/sev 'No such file or directory'", onHost.Stderr);
        Assert.Contains("--platform DIR", onHost.Stderr);

        // None of the failed launches left a guest behind.
        Assert.False(Directory.Exists(rig.Dir.File("plat/guests/1")));
    }

    [Fact]
    public void TamperedAndForeignSecretsAreRefusedAndTheGuestWaits()
    {
        using var rig = new SevFlowTests.Rig();
        var first = (string)rig.Launch("/usr/share/OVMF/OVMF_CODE.fd")["query-sev-launch-measure"]!["data"]!;
        var second = (string)rig.Launch("/usr/share/OVMF/OVMF_CODE.fd")["query-sev-launch-measure"]!["data"]!;
        File.WriteAllBytes(rig.Dir.File("s"), new byte[32]);
        File.SetUnixFileMode(rig.Dir.File("s"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var forFirst = rig.Json(0, "sev", "secret", "--tk-file", "owner/tmp_tk.bin", "--measurement", first, "--in", "s");
        var forSecond = rig.Json(0, "sev", "secret", "--tk-file", "owner/tmp_tk.bin", "--measurement", second, "--in", "s");
        string[] Inject(JsonObject p, string? header = null, string? secret = null) =>
            ["sev", "inject", "--platform", "plat", "--handle", "1", "--gpa", "0x2000", "--packet-header", header ?? (string)p["packet-header"]!, "--secret", secret ?? (string)p["secret"]!];

        Assert.Contains("SEV: failed to inject secret ret=-1 fw_error=11 'Bad measurement'", rig.Run(1, Inject(forSecond)).Stderr);
        var header = Convert.FromBase64String((string)forFirst["packet-header"]!);
        header[30] ^= 1;
        Assert.Contains("'Bad measurement'", rig.Run(1, Inject(forFirst, header: Convert.ToBase64String(header))).Stderr);
        var payload = Convert.FromBase64String((string)forFirst["secret"]!);
        payload[0] ^= 1;
        Assert.Contains("'Bad measurement'", rig.Run(1, Inject(forFirst, secret: Convert.ToBase64String(payload))).Stderr);
        Assert.Contains("SEV: Failed to decode sequence header", rig.Run(1, Inject(forFirst, header: "***")).Stderr);
        var shortHeader = rig.Run(1, Inject(forFirst, header: Convert.ToBase64String(header[..40]))).Stderr;
        Assert.Contains("packet-header decodes to 40 bytes, not the 52", shortHeader);
        Assert.Contains("fw_error=4 'Buffer too small'", shortHeader);
        Assert.Contains("no VM with handle 7", rig.Run(2, [.. Inject(forFirst)[..5], "7", .. Inject(forFirst)[6..]]).Stderr);

        // After every refusal the guest still waits in launch-secret and takes the right packet.
        var ok = rig.Json(0, Inject(forFirst));
        Assert.Equal("running", (string)ok["query-sev"]!["state"]!);
        Assert.Equal(new byte[32], Convert.FromBase64String((string)ok["guest-memory"]!));
        string[] second2 = [.. Inject(forSecond)];
        second2[5] = "2";
        Assert.Equal("running", (string)rig.Json(0, second2)["query-sev"]!["state"]!);
    }

    [Fact]
    public void VerifyNeedsTheWholeMeasurement()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("tk"), new byte[32]);
        File.SetUnixFileMode(dir.File("tk"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var r = CliRunner.Run(dir.Path, "sev", "verify", "--tk-file", "tk", "--measurement", Convert.ToBase64String(new byte[32]), "--api-major", "0", "--api-minor", "24",
            "--build", "15", "--policy", "1", "--digest", new string('0', 64));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("the mnonce (the last 16 bytes of the data) is needed too", r.Stderr);
    }
}
