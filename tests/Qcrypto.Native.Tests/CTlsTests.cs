using Qcrypto.Native.Tests.Fixtures;
using Qcrypto.Tls.Tests.Tools;

namespace Qcrypto.Native.Tests;

/// <summary>c/tls.c: a non-blocking client through the C API's callbacks, against the real gnutls-serv --echo.</summary>
public class CTlsTests
{
    private const string PskPriority = "NORMAL:+ECDHE-PSK:+DHE-PSK:+PSK";

    [Fact]
    public void X509WithClientCertificateHandshakesAndEchoes()
    {
        using var dirs = new TlsDirs();
        using var server = new ServerProcess(Tool.Require("gnutls-serv", "gnutls-bin"), port =>
        [
            "--echo", "--x509cafile", Path.Combine(dirs.Server, "ca-cert.pem"), "--x509certfile", Path.Combine(dirs.Server, "server-cert.pem"),
            "--x509keyfile", Path.Combine(dirs.Server, "server-key.pem"), "--require-client-cert", "--verify-client-cert", "-p", port.ToString(),
        ]);
        var r = RunClient(server.Port, TlsDirs.Hostname, $"tls-creds-x509,id=c,endpoint=client,dir={dirs.Client}");
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr + server.Output);
        Assert.Contains("echo: hello from C through libqcrypto", r.Stdout);
        Assert.Contains("all passed", r.Stdout);
        // gnutls-serv saw and verified our client certificate.
        Assert.True(server.WaitForOutput("native client"), server.Output);
    }

    [Fact]
    public void X509HostnameMismatchIsRefusedByCheckCredentials()
    {
        using var dirs = new TlsDirs();
        using var server = new ServerProcess(Tool.Require("gnutls-serv", "gnutls-bin"), port =>
        [
            "--echo", "--x509cafile", Path.Combine(dirs.Server, "ca-cert.pem"), "--x509certfile", Path.Combine(dirs.Server, "server-cert.pem"),
            "--x509keyfile", Path.Combine(dirs.Server, "server-key.pem"), "-p", port.ToString(),
        ]);
        var r = RunClient(server.Port, "wrong.example", $"tls-creds-x509,id=c,endpoint=client,dir={dirs.Client}");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("check_credentials: [tls-hostname] ", r.Stderr);
        Assert.Contains("Certificate does not match the hostname wrong.example", r.Stderr);
    }

    [Fact]
    public void PskHandshakesAndEchoes()
    {
        using var dirs = new TlsDirs();
        using var server = new ServerProcess(Tool.Require("gnutls-serv", "gnutls-bin"),
            port => ["--echo", "--pskpasswd", Path.Combine(dirs.Psk, "keys.psk"), "--priority", PskPriority, "-p", port.ToString()]);
        var r = RunClient(server.Port, null, $"tls-creds-psk,id=c,endpoint=client,dir={dirs.Psk}");
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr + server.Output);
        Assert.Contains("echo: hello from C through libqcrypto", r.Stdout);
    }

    [Fact]
    public void WrongPskKeyFailsTheHandshakeWithATypedError()
    {
        using var dirs = new TlsDirs();
        using var other = new TlsDirs();
        using var server = new ServerProcess(Tool.Require("gnutls-serv", "gnutls-bin"),
            port => ["--echo", "--pskpasswd", Path.Combine(dirs.Psk, "keys.psk"), "--priority", PskPriority, "-p", port.ToString()]);
        var r = RunClient(server.Port, null, $"tls-creds-psk,id=c,endpoint=client,dir={other.Psk}");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("handshake: [tls-handshake] ", r.Stderr);
        Assert.Contains("TLS handshake failed", r.Stderr);
    }

    private static (int ExitCode, string Stdout, string Stderr) RunClient(int port, string? hostname, string line)
    {
        var exe = CProgram.Build("tls");
        var info = new System.Diagnostics.ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        info.ArgumentList.Add(line);
        if (hostname is not null)
        {
            info.Environment["QCRYPTO_TEST_HOSTNAME"] = hostname;
        }

        using var p = System.Diagnostics.Process.Start(info)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(60_000))
        {
            p.Kill();
            Assert.Fail("c/tls did not finish in 60 s");
        }

        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
