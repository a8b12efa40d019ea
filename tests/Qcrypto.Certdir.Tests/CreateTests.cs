using System.Diagnostics;
using System.Net.Sockets;
using Qcrypto.Certdir.Tests.Support;
using Qcrypto.Composition;
using Qcrypto.Objects;
using Qcrypto.Tls;
using Qcrypto.Tls.Creds;
using Qcrypto.Tls.Protocols;
using Qcrypto.Tls.Sessions;

namespace Qcrypto.Certdir.Tests;

/// <summary><c>certdir create</c>: correct directories in one command, the CA kept apart, proven by QEMU itself.</summary>
public class CreateTests
{
    [Theory]
    [InlineData("rsa3072")]
    [InlineData("ecdsa-p256")]
    public void ServerAndClientDirectoriesWorkWithQemuNbd(string key)
    {
        using var tmp = new TempDir();
        var ca = Path.Combine(tmp.Path, "ca");
        var server = Path.Combine(tmp.Path, "server");
        var client = Path.Combine(tmp.Path, "client");
        var s = Tools.Qcrypto("certdir", "create", server, "--ca-dir", ca, "--hostname", "localhost", "--ip", "127.0.0.1", "--key", key);
        Assert.True(s.ExitCode == 0, s.Stdout + s.Stderr);
        Assert.Contains("QEMU 7.2 loads it, 0 error(s), 0 warning(s)", s.Stdout);
        var c = Tools.Qcrypto("certdir", "create", client, "--ca-dir", ca, "--client", "qemu-client", "--key", key, "--json");
        Assert.True(c.ExitCode == 0, c.Stdout + c.Stderr);
        using (var doc = System.Text.Json.JsonDocument.Parse(c.Stdout))
        {
            Assert.False(doc.RootElement.GetProperty("new_ca").GetBoolean());
        }

        // The CA key stays in the CA directory, private; DIR has no CA key; keys are 0600.
        Assert.True(File.Exists(Path.Combine(ca, "ca-key.pem")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(ca, "ca-key.pem")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(ca));
        Assert.Equal("ca-cert.pem server-cert.pem server-key.pem", string.Join(" ", Directory.GetFiles(server).Select(Path.GetFileName).Order()));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(server, "server-key.pem")));

        // QEMU 7.2 serves with the server directory (verify-peer=on) and our client, with the client directory, gets in.
        var certtool = Tools.Run(Tools.Require("certtool", "gnutls-bin"), ["--verify", "--load-ca-certificate", Path.Combine(server, "ca-cert.pem"), "--infile", Path.Combine(client, "client-cert.pem")]);
        Assert.True(certtool.ExitCode == 0, certtool.Stdout);
        Assert.Equal(["exp"], ListExportsFromQemuNbd(server, client, tmp.Path));
    }

    [Fact]
    public void RefusesToOverwriteAndToPutTheCaInDir()
    {
        using var tmp = new TempDir();
        var dir = Path.Combine(tmp.Path, "d");
        Assert.Equal(0, Tools.Qcrypto("certdir", "create", dir, "--ca-dir", Path.Combine(tmp.Path, "ca"), "--hostname", "h.example", "--key", "ecdsa-p256").ExitCode);
        var again = Tools.Qcrypto("certdir", "create", dir, "--ca-dir", Path.Combine(tmp.Path, "ca"), "--hostname", "h.example");
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("already exist", again.Stderr);
        Assert.Equal(0, Tools.Qcrypto("certdir", "create", dir, "--ca-dir", Path.Combine(tmp.Path, "ca"), "--hostname", "h.example", "--key", "ecdsa-p256", "--force").ExitCode);
        var same = Tools.Qcrypto("certdir", "create", dir, "--ca-dir", dir, "--hostname", "h.example");
        Assert.Equal(2, same.ExitCode);
        Assert.Contains("--ca-dir must not be DIR", same.Stderr);
        var nothing = Tools.Qcrypto("certdir", "create", dir, "--ca-dir", Path.Combine(tmp.Path, "ca"));
        Assert.Equal(2, nothing.ExitCode);
        var badIp = Tools.Qcrypto("certdir", "create", dir, "--ca-dir", Path.Combine(tmp.Path, "ca"), "--ip", "not-an-ip");
        Assert.Equal(2, badIp.ExitCode);
    }

    [Fact]
    public void ReusesACaMadeByCerttool()
    {
        var certtool = Tools.Require("certtool", "gnutls-bin");
        using var tmp = new TempDir();
        var ca = tmp.Sub("ca");
        var template = Path.Combine(tmp.Path, "ca.info");
        File.WriteAllText(template, "cn = certtool CA\nca\ncert_signing_key\nexpiration_days = 100\n");
        Assert.Equal(0, Tools.Run(certtool, ["--generate-privkey", "--key-type", "rsa", "--bits", "2048", "--outfile", Path.Combine(ca, "ca-key.pem")]).ExitCode);
        Assert.Equal(0, Tools.Run(certtool, ["--generate-self-signed", "--load-privkey", Path.Combine(ca, "ca-key.pem"), "--template", template, "--outfile", Path.Combine(ca, "ca-cert.pem")]).ExitCode);
        var dir = Path.Combine(tmp.Path, "d");
        var r = Tools.Qcrypto("certdir", "create", dir, "--ca-dir", ca, "--hostname", "host.example", "--days", "30");
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Equal(File.ReadAllText(Path.Combine(ca, "ca-cert.pem")).Trim(), File.ReadAllText(Path.Combine(dir, "ca-cert.pem")).Trim().Replace("\r", string.Empty, StringComparison.Ordinal));
        var check = Tools.Qcrypto("certdir", "check", dir, "--endpoint", "server", "--hostname", "host.example");
        Assert.True(check.ExitCode == 0, check.Stdout);
    }

    private static List<string> ListExportsFromQemuNbd(string serverDir, string clientDir, string scratch)
    {
        var image = Path.Combine(scratch, "disk.img");
        File.WriteAllBytes(image, new byte[1 << 16]);
        var port = Tools.FreePort();
        var info = new ProcessStartInfo(Tools.Require("qemu-nbd", "qemu-utils")) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { "--object", $"tls-creds-x509,id=t0,dir={serverDir},endpoint=server,verify-peer=on", "--tls-creds", "t0", "-f", "raw", "-x", "exp", "-t",
                     "--bind", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), image })
        {
            info.ArgumentList.Add(a);
        }

        using var nbd = Process.Start(info)!;
        try
        {
            using var registry = QcryptoCatalog.CreateRegistry();
            var creds = (TlsCreds)registry.Add($"tls-creds-x509,id=c,endpoint=client,dir={clientDir}");
            Socket? socket = null;
            // A guard against a qemu-nbd that never listens, not a timing assertion: a loaded machine gets a minute.
            var guard = Stopwatch.StartNew();
            while (guard.Elapsed < TimeSpan.FromSeconds(60) && socket is null && !nbd.HasExited)
            {
                var s = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 15000 };
                try
                {
                    s.Connect(System.Net.IPAddress.Loopback, port);
                    socket = s;
                }
                catch (SocketException)
                {
                    s.Dispose();
                    Thread.Sleep(20);
                }
            }

            Assert.True(socket is not null, "qemu-nbd did not start: " + (nbd.HasExited ? nbd.StandardError.ReadToEnd() : "not listening"));
            var stream = new NetworkStream(socket!, ownsSocket: true);
            NbdStartTls.Negotiate(stream);
            using var session = TlsSession.Create(creds, "localhost", null, TlsEndpoint.Client, stream, registry, ownsTransport: true);
            session.Establish();
            var exports = NbdStartTls.ListExports(session);
            NbdStartTls.Abort(session);
            return exports;
        }
        finally
        {
            nbd.Kill(entireProcessTree: true);
            nbd.WaitForExit();
        }
    }
}
