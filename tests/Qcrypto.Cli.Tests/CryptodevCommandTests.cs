using System.Text.Json;

namespace Qcrypto.Cli.Tests;

/// <summary><c>qcrypto cryptodev info</c>: what a guest sees, from real -object lines, as text and JSON.</summary>
public class CryptodevCommandTests
{
    [Fact]
    public void InfoPrintsTheConfigSpaceAsTheGuestSeesIt()
    {
        var r = CliRunner.Run(Path.GetTempPath(), "cryptodev", "info", "-object", "cryptodev-backend-builtin,id=cryptodev0");
        Assert.Equal(0, r.ExitCode);
        Golden.Match("cryptodev-info.txt", r.Stdout);
        Assert.Equal(string.Empty, r.Stderr);
    }

    [Fact]
    public void InfoJsonIsOneDocumentWithTheMasks()
    {
        var r = CliRunner.Run(Path.GetTempPath(), "cryptodev", "info", "--object", "cryptodev-backend-builtin,id=c1,queues=8,throttle-ops=1000", "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var backend = doc.RootElement.GetProperty("backends")[0];
        Assert.Equal("c1", backend.GetProperty("id").GetString());
        Assert.Equal(8, backend.GetProperty("config").GetProperty("max_dataqueues").GetInt32());
        Assert.Equal(31, backend.GetProperty("config").GetProperty("crypto_services").GetInt32());
        Assert.Equal(8, backend.GetProperty("clients").GetArrayLength());
        Assert.Equal(1000, backend.GetProperty("throttle_ops").GetInt32());
        Assert.Contains("AES_XTS", backend.GetProperty("cipher").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(112, backend.GetProperty("config_space").GetString()!.Length);
        var warnings = backend.GetProperty("warnings").EnumerateArray().Select(w => w.GetProperty("code").GetString()).ToList();
        Assert.Contains("cryptodev-queues", warnings);
        Assert.Contains("cryptodev-throttle", warnings);
    }

    [Fact]
    public void InfoRefusesWhatQemuRefusesAndLinesWithoutABackend()
    {
        var zero = CliRunner.Run(Path.GetTempPath(), "cryptodev", "info", "--object", "cryptodev-backend-builtin,id=c,queues=0");
        Assert.Equal(1, zero.ExitCode);
        Assert.Contains("Property 'cryptodev-backend-builtin.queues' doesn't take value '0'", zero.Stderr);
        var none = CliRunner.Run(Path.GetTempPath(), "cryptodev", "info", "--object", "secret,id=s,data=x");
        Assert.Equal(2, none.ExitCode);
        Assert.Contains("no cryptodev backend", none.Stderr);
    }

    /// <summary>
    /// Both sides per second of CPU user time, as openssl speed divides by default (before: ours per
    /// second of wall time, so other work on the machine lowered only our side of the ratio).
    /// </summary>
    [Fact]
    public void BenchDividesByTheSameClockAsOpensslSpeed()
    {
        var r = CliRunner.Run(Path.GetTempPath(), "cryptodev", "bench", "--seconds", "1", "--sizes", "64", "--algorithms", "aes-256-cbc", "--json");
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        Assert.Equal("CPU user time", doc.RootElement.GetProperty("divisor").GetString());
        var row = doc.RootElement.GetProperty("results")[0];
        Assert.True(row.GetProperty("qcrypto_bytes_per_second").GetDouble() > 0);
        Assert.True(row.GetProperty("ratio").GetDouble() > 0);

        r = CliRunner.Run(Path.GetTempPath(), "cryptodev", "bench", "--seconds", "1", "--sizes", "16", "--algorithms", "aes-256-cbc", "--elapsed");
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("openssl speed -evp -elapsed; per second of wall-clock time", r.Stdout);
    }

    [Fact]
    public void BenchRefusesBadArgumentsBeforeMeasuring()
    {
        var r = CliRunner.Run(Path.GetTempPath(), "cryptodev", "bench", "--algorithms", "rot13");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("unknown 'rot13'", r.Stderr);
        r = CliRunner.Run(Path.GetTempPath(), "cryptodev", "bench", "--sizes", "64,x");
        Assert.Equal(2, r.ExitCode);
    }
}
