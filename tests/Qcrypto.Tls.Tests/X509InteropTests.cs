using System.Net.Sockets;
using Qcrypto.Composition;
using Qcrypto.TestCerts;
using Qcrypto.Tls.Creds;
using Qcrypto.Tls.Protocols;
using Qcrypto.Tls.Sessions;
using Qcrypto.Tls.Tests.Tools;

namespace Qcrypto.Tls.Tests;

/// <summary>
/// tls-creds-x509 against the real tools: gnutls-serv and gnutls-cli with client certificates, and
/// qemu-nbd with verify-peer=on; a CA the peer does not trust fails on both sides.
/// </summary>
public class X509InteropTests
{
    private const string Hostname = "qemu.org";

    [Fact]
    public void OurClientAgainstGnutlsServRequiringClientCerts()
    {
        using var dir = new CredsDir();
        var dirs = ScenarioWriter.Write(QemuTestCerts.SessionCase("basicca"), dir.Path);
        using var server = GnutlsServ(dirs.Server);
        using var registry = QcryptoCatalog.CreateRegistry();
        var creds = (TlsCreds)registry.Add($"tls-creds-x509,id=c,endpoint=client,dir={dirs.Client}");
        using var session = Connect(creds, registry, server.Port, Hostname);
        session.Write("x509 ok\n"u8);
        var buffer = new byte[8];
        session.ReadExactly(buffer);
        Assert.Equal("x509 ok\n", System.Text.Encoding.ASCII.GetString(buffer));
        Assert.Contains("CN=qemu.org", session.PeerName);
    }

    [Fact]
    public void OurClientRefusesAServerFromAnotherCa()
    {
        using var dir = new CredsDir();
        var dirs = ScenarioWriter.Write(QemuTestCerts.SessionCase("differentca"), dir.Path);
        using var server = GnutlsServ(dirs.Server, requireClientCert: false);
        using var registry = QcryptoCatalog.CreateRegistry();
        var creds = (TlsCreds)registry.Add($"tls-creds-x509,id=c,endpoint=client,dir={dirs.Client},sanity-check=off");
        var e = Assert.Throws<TlsSessionException>(() => Connect(creds, registry, server.Port, Hostname));
        Assert.Equal("The certificate hasn't got a known issuer", e.QemuMessage);
    }

    [Fact]
    public void OurClientRefusesTheWrongHostname()
    {
        using var dir = new CredsDir();
        var dirs = ScenarioWriter.Write(QemuTestCerts.SessionCase("basicca"), dir.Path);
        using var server = GnutlsServ(dirs.Server);
        using var registry = QcryptoCatalog.CreateRegistry();
        var creds = (TlsCreds)registry.Add($"tls-creds-x509,id=c,endpoint=client,dir={dirs.Client}");
        var e = Assert.Throws<TlsSessionException>(() => Connect(creds, registry, server.Port, "wrong.example"));
        Assert.Equal("Certificate does not match the hostname wrong.example", e.QemuMessage);
        Assert.Contains("qemu.org", e.Hint);
    }

    [Fact]
    public void GnutlsCliWithClientCertAgainstOurServer()
    {
        using var dir = new CredsDir();
        var dirs = ScenarioWriter.Write(QemuTestCerts.SessionCase("basicca"), dir.Path);
        using var registry = QcryptoCatalog.CreateRegistry();
        var creds = (TlsCreds)registry.Add($"tls-creds-x509,id=s,endpoint=server,dir={dirs.Server}");
        var (cli, serverError, peer) = OurServerWith(creds, registry, port => Tool.Run(Tool.Require("gnutls-cli", "gnutls-bin"),
        [
            "--x509cafile", Path.Combine(dirs.Client, "ca-cert.pem"), "--x509certfile", Path.Combine(dirs.Client, "client-cert.pem"),
            "--x509keyfile", Path.Combine(dirs.Client, "client-key.pem"), "--verify-hostname", Hostname, "-p", port.ToString(), "127.0.0.1",
        ], stdin: "from gnutls-cli\n"));
        Assert.Null(serverError);
        Assert.Equal(0, cli.ExitCode);
        Assert.Contains("from gnutls-cli", cli.Stdout);
        Assert.Equal("C=UK,CN=qemu", peer);
    }

    [Fact]
    public void GnutlsCliWithoutClientCertIsRefusedByOurVerifyingServer()
    {
        using var dir = new CredsDir();
        var dirs = ScenarioWriter.Write(QemuTestCerts.SessionCase("basicca"), dir.Path);
        using var registry = QcryptoCatalog.CreateRegistry();
        var creds = (TlsCreds)registry.Add($"tls-creds-x509,id=s,endpoint=server,dir={dirs.Server}");
        var (_, serverError, _) = OurServerWith(creds, registry, port => Tool.Run(Tool.Require("gnutls-cli", "gnutls-bin"),
            ["--x509cafile", Path.Combine(dirs.Client, "ca-cert.pem"), "--verify-hostname", Hostname, "-p", port.ToString(), "127.0.0.1"], stdin: "x\n"));
        Assert.NotNull(serverError);
        Assert.Equal("Verify failed: No certificate was found.", serverError!.QemuMessage);
        Assert.Contains("sent no certificate", serverError.Hint);
    }

    [Fact]
    public void QemuNbdWithVerifyPeer()
    {
        using var dir = new CredsDir();
        var dirs = ScenarioWriter.Write(QemuTestCerts.SessionCase("basicca"), dir.Path);
        using var nbd = QemuNbd($"tls-creds-x509,id=tls0,endpoint=server,dir={dirs.Server},verify-peer=on", dir);
        using var registry = QcryptoCatalog.CreateRegistry();
        var creds = (TlsCreds)registry.Add($"tls-creds-x509,id=c,endpoint=client,dir={dirs.Client}");
        Assert.Equal(["exp"], ListExports(creds, registry, nbd.Port, Hostname));
    }

    [Fact]
    public void QemuNbdAndOurClientRefuseEachOthersCa()
    {
        using var dir = new CredsDir();
        var dirs = ScenarioWriter.Write(QemuTestCerts.SessionCase("differentca"), dir.Path);
        using var nbd = QemuNbd($"tls-creds-x509,id=tls0,endpoint=server,dir={dirs.Server},verify-peer=on", dir);
        using var registry = QcryptoCatalog.CreateRegistry();
        var creds = (TlsCreds)registry.Add($"tls-creds-x509,id=c,endpoint=client,dir={dirs.Client},sanity-check=off");
        var e = Assert.Throws<TlsSessionException>(() => ListExports(creds, registry, nbd.Port, Hostname));
        Assert.Equal("The certificate hasn't got a known issuer", e.QemuMessage);
    }

    private static ServerProcess GnutlsServ(string serverDir, bool requireClientCert = true)
    {
        var args = new List<string>
        {
            "--echo", "--x509cafile", Path.Combine(serverDir, "ca-cert.pem"), "--x509certfile", Path.Combine(serverDir, "server-cert.pem"),
            "--x509keyfile", Path.Combine(serverDir, "server-key.pem"),
        };
        if (requireClientCert)
        {
            args.AddRange(["--require-client-cert", "--verify-client-cert"]);
        }

        return new ServerProcess(Tool.Require("gnutls-serv", "gnutls-bin"), port => [.. args, "-p", port.ToString()]);
    }

    private static ServerProcess QemuNbd(string objectLine, CredsDir dir)
    {
        var image = dir.File("disk.img");
        File.WriteAllBytes(image, new byte[1 << 20]);
        return new ServerProcess(Tool.Require("qemu-nbd", "qemu-utils"), port =>
            ["--object", objectLine, "--tls-creds", "tls0", "-f", "raw", "-x", "exp", "-p", port.ToString(), "--bind", "127.0.0.1", "-t", image]);
    }

    private static TlsSession Connect(TlsCreds creds, Objects.ObjectRegistry registry, int port, string hostname)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 60000 };
        socket.Connect(System.Net.IPAddress.Loopback, port);
        var session = TlsSession.Create(creds, hostname, null, TlsEndpoint.Client, new NetworkStream(socket, ownsSocket: true), registry, ownsTransport: true);
        try
        {
            session.Establish();
            return session;
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    private static List<string> ListExports(TlsCreds creds, Objects.ObjectRegistry registry, int port, string hostname)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 60000 };
        socket.Connect(System.Net.IPAddress.Loopback, port);
        var stream = new NetworkStream(socket);
        NbdStartTls.Negotiate(stream);
        using var session = TlsSession.Create(creds, hostname, null, TlsEndpoint.Client, stream, registry, ownsTransport: true);
        session.Establish();
        var exports = NbdStartTls.ListExports(session);
        NbdStartTls.Abort(session);
        return exports;
    }

    private static (Tool.Result Client, TlsSessionException? ServerError, string? Peer) OurServerWith(
        TlsCreds creds, Objects.ObjectRegistry registry, Func<int, Tool.Result> client)
    {
        var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(() =>
        {
            using var socket = listener.AcceptSocket();
            socket.ReceiveTimeout = 60000;
            using var session = TlsSession.Create(creds, null, null, TlsEndpoint.Server, new NetworkStream(socket), registry);
            try
            {
                session.Establish();
                var buffer = new byte[1024];
                int n;
                while ((n = session.Read(buffer)) > 0)
                {
                    session.Write(buffer, 0, n);
                }

                return ((TlsSessionException?)null, session.PeerName);
            }
            catch (TlsSessionException e)
            {
                return (e, null);
            }
            catch (IOException)
            {
                return (null, session.PeerName);
            }
        });
        var result = client(port);
        var (error, peer) = server.Wait(60000) ? server.Result : throw new TimeoutException("our server did not finish");
        listener.Stop();
        return (result, error, peer);
    }
}
