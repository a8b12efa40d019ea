using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Qcrypto.Native.Tests.Fixtures;
using Qcrypto.Tls.Tests.Tools;

namespace Qcrypto.Native.Tests;

/// <summary>
/// The SEV launch from C (c/sev.c) between the guest owner's CLI steps: platform init and session before,
/// the secret packet made from the measurement the C program printed, and the measurement checked by
/// 'sev verify' against the firmware the C program measured.
/// </summary>
public sealed class CSevTests
{
    [Fact]
    public void LaunchMeasureInjectAndFinishFromCWithTheOwnersTools()
    {
        var dir = Directory.CreateTempSubdirectory("qcrypto-sev-c-").FullName;
        try
        {
            Cli(dir, "sev", "platform", "init", "plat");
            var line = Cli(dir, "sev", "session", "--pdh", "plat/pdh.cert", "--cert-chain", "plat/cert_chain.cert", "--policy", "0x1", "--out-dir", Path.Combine(dir, "owner")).Trim();
            File.WriteAllBytes(Path.Combine(dir, "fw.bin"), RandomNumberGenerator.GetBytes(64 * 1024));
            File.WriteAllText(Path.Combine(dir, "secret.txt"), "correct horse battery staple 42!");
            File.SetUnixFileMode(Path.Combine(dir, "secret.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
            var secretCommand = $"dotnet '{CliDll}' sev secret --tk-file '{dir}/owner/tmp_tk.bin' --in '{dir}/secret.txt'";

            var r = Tool.Run(CProgram.Build("sev"), [Path.Combine(dir, "plat"), line, Path.Combine(dir, "fw.bin"), secretCommand], workingDirectory: dir, timeoutSeconds: 180);
            Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
            Assert.Contains("guest reads: correct horse battery staple 42! (32 bytes)", r.Stdout);
            Assert.Contains("query-sev {\"enabled\":true,\"api-major\":0,\"api-minor\":24,\"build-id\":15,\"policy\":1,\"state\":\"running\",\"handle\":", r.Stdout);
            Assert.Contains("ok inject tampered header: [sev-bad-measurement]", r.Stdout);
            Assert.Single(r.Stderr.Split('\n'), l => l.StartsWith("libqcrypto: qcrypto_sev_guest_free: 's' is not a live QcryptoSevGuest", StringComparison.Ordinal));

            // What the C side measured is what the owner expects of that firmware.
            var measurement = r.Stdout.Split('\n').Single(l => l.StartsWith("measurement ", StringComparison.Ordinal))["measurement ".Length..];
            var verify = JsonNode.Parse(Cli(dir, "sev", "verify", "--tk-file", "owner/tmp_tk.bin", "--measurement", measurement, "--api-major", "0", "--api-minor", "24",
                "--build", "15", "--policy", "1", "--ovmf", "fw.bin", "--json"))!;
            Assert.True((bool)verify["match"]!);

            // Freed guests are decommissioned: the platform keeps none of them.
            Assert.Empty(Directory.Exists(Path.Combine(dir, "plat/guests")) ? Directory.GetFileSystemEntries(Path.Combine(dir, "plat/guests")) : []);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string CliDll => Path.Combine(AppContext.BaseDirectory, "qcrypto.dll");

    private static string Cli(string dir, params string[] args)
    {
        var r = Tool.Run("dotnet", [CliDll, .. args], workingDirectory: dir, timeoutSeconds: 120);
        Assert.True(r.ExitCode == 0, $"qcrypto {string.Join(' ', args)}: exit {r.ExitCode}\n{r.Stdout}\n{r.Stderr}");
        return r.Stdout;
    }
}
