using System.Text.Json;
using Qcrypto.Cli.Tests.Peers;

namespace Qcrypto.Cli.Tests;

/// <summary>
/// `tls connect` against real peers that refuse, reset or vanish (issue 9, item 1): never an unhandled exception
/// (exit 134), always exit 1 with the peer's alert and a hint, and with --json exactly one document. The races are
/// intermittent, so each case runs several times.
/// </summary>
public sealed class TlsPeerFailureTests(TlsPki pki) : IClassFixture<TlsPki>
{
    private const int Runs = 8;

    [Fact]
    public void ServerKilledWhileStdinIsStillBeingSentEndsInExitOne()
    {
        for (var run = 0; run < Runs; run++)
        {
            var json = run % 2 == 1;
            using var server = Peer.OpensslServer("-rev", "-naccept", "1", "-cert", Path.Combine(pki.Server, "server-cert.pem"),
                "-key", Path.Combine(pki.Server, "server-key.pem"));
            using var client = new QcryptoProcess(QcryptoProcess.Yes(long.MaxValue), Connect(pki.ClientWithoutCertificate, server.Port, json));
            Assert.True(server.WaitForOutput("CONNECTION ESTABLISHED"), server.Output);
            Thread.Sleep(run * 50);
            server.Kill();
            var r = client.Wait();
            AssertSessionFailure(r, json, $"run {run}");
        }
    }

    [Theory]
    [InlineData("-tls1_3", "certificate_required")]
    [InlineData("-tls1_2", "handshake_failure")]
    public void ServerRequiringAClientCertificateIsReportedWithItsAlert(string version, string alert)
    {
        for (var run = 0; run < Runs; run++)
        {
            var json = run % 2 == 1;
            using var server = Peer.OpensslServer(version, "-Verify", "1", "-naccept", "1", "-cert", Path.Combine(pki.Server, "server-cert.pem"),
                "-key", Path.Combine(pki.Server, "server-key.pem"));
            using var client = new QcryptoProcess(QcryptoProcess.Text("hello\n"), Connect(pki.ClientWithoutCertificate, server.Port, json));
            var r = client.Wait();
            var hint = AssertSessionFailure(r, json, $"{version} run {run}");
            Assert.Contains(alert, hint);
            Assert.Contains("client-cert.pem", hint);
        }
    }

    [Theory]
    [InlineData("NORMAL", false, "certificate_required")]
    [InlineData("NORMAL:-VERS-TLS1.3", false, "decode_error")]
    [InlineData("NORMAL", true, "access_denied")]
    [InlineData("NORMAL:-VERS-TLS1.3", true, "bad_certificate|access_denied")]
    public void GnutlsServerRefusingOurClientCertificateIsReportedWithItsAlert(string priority, bool foreignCertificate, string alert)
    {
        using var server = Peer.GnutlsServer("--x509cafile", Path.Combine(pki.Server, "ca-cert.pem"), "--x509certfile", Path.Combine(pki.Server, "server-cert.pem"),
            "--x509keyfile", Path.Combine(pki.Server, "server-key.pem"), "--require-client-cert", "--verify-client-cert", "--priority", priority);
        for (var run = 0; run < 3; run++)
        {
            var dir = foreignCertificate ? pki.ClientFromOtherCa + ",sanity-check=off" : pki.ClientWithoutCertificate;
            using var client = new QcryptoProcess(QcryptoProcess.Text("hello\n"), Connect(dir, server.Port, json: run == 1));
            var hint = AssertSessionFailure(client.Wait(), json: run == 1, $"{priority} run {run}");
            Assert.True(alert.Split('|').Any(hint.Contains), $"{priority} run {run}: {hint}");
        }
    }

    [Theory]
    [InlineData("-tls1_3", "illegal_parameter")]
    [InlineData("-tls1_2", "bad_record_mac")]
    public void WrongPskAgainstOpensslSaysTheKeysDiffer(string version, string alert)
    {
        using var server = Peer.OpensslServer(version, "-nocert", "-psk", pki.OtherPskKey, "-psk_identity", "qemu", "-naccept", "1");
        using var client = new QcryptoProcess(QcryptoProcess.Text("hello\n"), "tls", "connect", "--object", $"tls-creds-psk,id=c,endpoint=client,dir={pki.Psk}",
            "--creds", "c", $"127.0.0.1:{server.Port}");
        var hint = AssertSessionFailure(client.Wait(), json: false, version);
        Assert.Contains(alert, hint);
        Assert.Contains("the PSK keys differ", hint);
    }

    [Theory]
    [InlineData("| head -c 10 >/dev/null", 141, "")]
    [InlineData(">/dev/full", 2, "cannot write to standard output: No space left on device")]
    public void StdoutClosedByItsReaderEndsQuietlyAndAFullOneIsExitTwo(string redirect, int exitCode, string message)
    {
        // `qcrypto tls connect ... | head -c 10`: the reader going away ends the run without a word, exit 141 as a C
        // tool killed by SIGPIPE (it stays ignored: the socket's own EPIPE is the session's failure, exit 1).
        using var server = Peer.OpensslServer("-rev", "-naccept", "1", "-cert", Path.Combine(pki.Server, "server-cert.pem"),
            "-key", Path.Combine(pki.Server, "server-key.pem"));
        var args = string.Join(' ', Connect(pki.ClientWithoutCertificate, server.Port, json: false).Select(a => $"'{a}'"));
        var script = $"exec 3>&1; yes 2>/dev/null | head -c 20000000 2>/dev/null | dotnet '{Path.Combine(AppContext.BaseDirectory, "qcrypto.dll")}' {args} 2>&3 {redirect}; " +
            "echo \"exit=${PIPESTATUS[2]}\"";
        var (code, output) = Peer.RunClient("bash", "-c", script);
        Assert.Equal(0, code);
        Assert.Contains($"exit={exitCode}", output);
        Assert.Contains(message, output);
        Assert.DoesNotContain("Unhandled", output);
        if (exitCode == 141)
        {
            Assert.DoesNotContain("qcrypto: error", output);
            Assert.DoesNotContain("qcrypto: warning", output);
        }
    }

    internal static string[] Connect(string dir, int port, bool json) =>
        ["tls", "connect", "--object", $"tls-creds-x509,id=c,endpoint=client,dir={dir}", "--creds", "c", "--hostname", "localhost",
            .. (json ? new[] { "--json" } : []), $"127.0.0.1:{port}"];

    /// <summary>Exit 1, no crash, the error and its hint (returned) on stderr, or one JSON document with them.</summary>
    internal static string AssertSessionFailure(CliRunner.Result r, bool json, string context)
    {
        Assert.DoesNotContain("Unhandled exception", r.Stderr);
        Assert.True(r.ExitCode == 1, $"{context}: exit {r.ExitCode}: {r.Stderr}");
        if (!json)
        {
            Assert.Contains("qcrypto: error: ", r.Stderr);
            var hint = r.Stderr.Split('\n').FirstOrDefault(l => l.TrimStart().StartsWith("hint: ", StringComparison.Ordinal));
            Assert.True(hint is not null, $"{context}: no hint: {r.Stderr}");
            return hint;
        }

        using var doc = JsonDocument.Parse(r.Stdout);
        var session = doc.RootElement.GetProperty("session");
        Assert.False(session.GetProperty("ok").GetBoolean());
        var error = session.GetProperty("error");
        var text = error.GetProperty("hint").GetString();
        Assert.True(!string.IsNullOrEmpty(text), $"{context}: no hint in {r.Stdout}");
        if (session.GetProperty("alert").ValueKind == JsonValueKind.Object)
        {
            Assert.Contains(session.GetProperty("alert").GetProperty("name").GetString()!, text);
        }

        return text!;
    }
}
