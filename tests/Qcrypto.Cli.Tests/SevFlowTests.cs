using System.Text.Json.Nodes;
using Qcrypto.Sev.Tests.Support;

namespace Qcrypto.Cli.Tests;

/// <summary>
/// The sev verbs end to end, as separate processes like a guest owner and a host would run them:
/// platform init, session (verified against the chain), launch on the real Debian OVMF and on an
/// image with an SEV secret area, verify, secret, inject, and the guest memory holding the secret.
/// No key material in any output.
/// </summary>
public sealed class SevFlowTests
{
    private const string DebianOvmf = "/usr/share/OVMF/OVMF_CODE.fd";

    /// <summary>A platform and an owner's session in a scratch directory.</summary>
    internal sealed class Rig : IDisposable
    {
        public Rig(string policy = "0x1")
        {
            Run(0, "sev", "platform", "init", "plat");
            var r = Run(0, "sev", "session", "--pdh", Dir.File("plat/pdh.cert"), "--cert-chain", Dir.File("plat/cert_chain.cert"), "--policy", policy, "--out-dir", "owner");
            Line = r.Stdout.Trim();
        }

        public TempDir Dir { get; } = new();

        public string Line { get; }

        public byte[] Tk => File.ReadAllBytes(Dir.File("owner/tmp_tk.bin"));

        public CliRunner.Result Run(int exitCode, params string[] args)
        {
            var r = CliRunner.Run(Dir.Path, args);
            Assert.True(exitCode == r.ExitCode, $"qcrypto {string.Join(' ', args)}: exit {r.ExitCode}, expected {exitCode}\n{r.Stdout}\n{r.Stderr}");
            if (File.Exists(Dir.File("owner/tmp_tk.bin")))
            {
                // The TEK/TIK never appear, in hex or base64, in anything printed.
                foreach (var text in new[] { Convert.ToHexString(Tk), Convert.ToHexStringLower(Tk), Convert.ToBase64String(Tk),
                             Convert.ToHexStringLower(Tk[..16]), Convert.ToHexStringLower(Tk[16..]), Convert.ToBase64String(Tk[..16]), Convert.ToBase64String(Tk[16..]) })
                {
                    Assert.DoesNotContain(text, r.Stdout + r.Stderr, StringComparison.OrdinalIgnoreCase);
                }
            }

            return r;
        }

        public JsonObject Json(int exitCode, params string[] args) => JsonNode.Parse(Run(exitCode, [.. args, "--json"]).Stdout)!.AsObject();

        public JsonObject Launch(string firmware, params string[] extra) =>
            Json(0, ["sev", "launch", "--platform", "plat", "--object", Line, "--firmware", firmware, .. extra]);

        public void Dispose() => Dir.Dispose();
    }

    [Fact]
    public void OwnerAndHostOnDebiansOvmf()
    {
        using var rig = new Rig();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(rig.Dir.File("owner")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(rig.Dir.File("owner/tmp_tk.bin")));
        Assert.StartsWith("sev-guest,id=sev0,cbitpos=47,reduced-phys-bits=1,policy=0x1,dh-cert-file=", rig.Line);

        var launch = rig.Launch(DebianOvmf);
        var info = launch["query-sev"]!;
        Assert.Equal(("launch-secret", 1, 0, 24, 15), ((string)info["state"]!, (int)info["handle"]!, (int)info["api-major"]!, (int)info["api-minor"]!, (int)info["build-id"]!));
        var measurement = (string)launch["query-sev-launch-measure"]!["data"]!;

        string[] verify = ["sev", "verify", "--tk-file", "owner/tmp_tk.bin", "--measurement", measurement, "--api-major", "0", "--api-minor", "24", "--build", "15", "--policy", "1", "--ovmf", DebianOvmf];
        Assert.True((bool)rig.Json(0, verify)["match"]!);
        Assert.Contains("measurement matches", rig.Run(0, verify).Stdout);
        Assert.False((bool)rig.Json(1, [.. verify[..^2], "--ovmf", Path.Combine(rig.Dir.Path, "plat/pdh.cert")])["match"]!);
        Assert.True((bool)rig.Json(0, [.. verify[..13], "0x1", "--ovmf", DebianOvmf])["match"]!); // the same policy in hex
        var wrongBuild = rig.Run(1, [.. verify[..11], "0x15", .. verify[12..]]);
        Assert.Contains("DOES NOT match", wrongBuild.Stdout);
        Assert.Contains("[sev-measurement-mismatch]", wrongBuild.Stderr);

        File.WriteAllText(rig.Dir.File("secret.txt"), "0123456789abcdef");
        File.SetUnixFileMode(rig.Dir.File("secret.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var packet = rig.Json(0, "sev", "secret", "--tk-file", "owner/tmp_tk.bin", "--measurement", measurement, "--in", "secret.txt");
        string[] inject = ["sev", "inject", "--platform", "plat", "--handle", "1", "--packet-header", (string)packet["packet-header"]!, "--secret", (string)packet["secret"]!];

        // Debian's OVMF lists an empty secret area: QEMU 7.2 would write at address 0; we ask for --gpa.
        Assert.Contains("SEV: no secret area found in OVMF, gpa must be specified.", rig.Run(1, inject).Stderr);
        var injected = rig.Json(0, [.. inject, "--gpa", "0x100000"]);
        Assert.Equal("running", (string)injected["query-sev"]!["state"]!);
        Assert.Equal("0123456789abcdef", System.Text.Encoding.ASCII.GetString(Convert.FromBase64String((string)injected["guest-memory"]!)));
        Assert.Contains("SEV: Not in correct state. (LSECRET) 3", rig.Run(1, [.. inject, "--gpa", "0x100000"]).Stderr);
    }

    [Fact]
    public void TheOvmfSecretAreaAndAPaddedSecret()
    {
        using var rig = new Rig("3");
        var firmware = rig.Dir.File("amdsev.fd");
        File.WriteAllBytes(firmware, SyntheticOvmf.Build(size: 128 * 1024));
        var launch = rig.Launch(firmware);
        var measurement = (string)launch["query-sev-launch-measure"]!["data"]!;
        Assert.Equal(3, (int)launch["query-sev"]!["policy"]!);

        var measured = rig.Json(0, "sev", "measure", "--tk-file", "owner/tmp_tk.bin", "--api-major", "0", "--api-minor", "24", "--build", "15", "--policy", "3",
            "--ovmf", firmware, "--mnonce", Convert.ToHexString(Convert.FromBase64String(measurement)[32..]));
        Assert.Equal(measurement, (string)measured["query-sev-launch-measure"]!);
        Assert.Equal((string)launch["launch-digest"]!, (string)measured["launch-digest"]!);

        File.WriteAllText(rig.Dir.File("s"), "passphrase");
        File.SetUnixFileMode(rig.Dir.File("s"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var secret = rig.Run(0, "sev", "secret", "--tk-file", "owner/tmp_tk.bin", "--measurement", measurement, "--in", "s");
        Assert.Contains("zero-padded to 16", secret.Stderr);
        var lines = secret.Stdout.Split('\n');
        var injected = rig.Json(0, "sev", "inject", "--platform", "plat", "--handle", "1", "--packet-header", lines[0]["packet-header: ".Length..], "--secret", lines[1]["secret: ".Length..]);
        Assert.Equal((long)SyntheticOvmf.SecretBase, (long)injected["gpa"]!);
        Assert.Equal("passphrase\0\0\0\0\0\0"u8.ToArray(), Convert.FromBase64String((string)injected["guest-memory"]!));
    }

    [Fact]
    public void TheSecretFromASecretObjectThroughTheKeyStore()
    {
        using var rig = new Rig();
        var launch = rig.Launch(DebianOvmf);
        var measurement = (string)launch["query-sev-launch-measure"]!["data"]!;
        var packet = rig.Json(0, "sev", "secret", "--tk-file", "owner/tmp_tk.bin", "--measurement", measurement,
            "--object", "secret,id=luks,data=Y29ycmVjdCBob3JzZSBiYXR0ZXJ5IHN0YXBsZQ==,format=base64", "--secret-id", "luks");
        var injected = rig.Json(0, "sev", "inject", "--platform", "plat", "--handle", "1", "--packet-header", (string)packet["packet-header"]!,
            "--secret", (string)packet["secret"]!, "--gpa", "4096");
        Assert.StartsWith("correct horse battery staple", System.Text.Encoding.ASCII.GetString(Convert.FromBase64String((string)injected["guest-memory"]!)));
    }
}
