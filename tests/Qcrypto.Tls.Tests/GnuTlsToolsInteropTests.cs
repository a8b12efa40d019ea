using System.Net.Sockets;
using Qcrypto.Composition;
using Qcrypto.Tls.Creds;
using Qcrypto.Tls.Sessions;
using Qcrypto.Tls.Tests.Tools;

namespace Qcrypto.Tls.Tests;

/// <summary>Our sessions against the real gnutls-serv and gnutls-cli (gnutls-bin), on loopback.</summary>
public class GnuTlsToolsInteropTests
{
    private const string PskPriority = "NORMAL:+ECDHE-PSK:+DHE-PSK:+PSK";

    [Fact]
    public void OurPskClientTalksToGnutlsServ()
    {
        using var dir = new CredsDir().Psktool("qemu");
        using var server = new ServerProcess(Tool.Require("gnutls-serv", "gnutls-bin"),
            port => ["--echo", "--pskpasswd", dir.File("keys.psk"), "--priority", PskPriority, "-p", port.ToString()]);
        using var registry = QcryptoCatalog.CreateRegistry();
        var creds = (TlsCreds)registry.Add($"tls-creds-psk,id=c,endpoint=client,dir={dir.Path}");
        Assert.Equal("echo: hello\n", Echo(creds, registry, server.Port, "echo: hello\n"));
    }

    [Fact]
    public void OurAnonClientTalksToGnutlsServ()
    {
        using var server = new ServerProcess(Tool.Require("gnutls-serv", "gnutls-bin"),
            port => ["--echo", "--priority", "NORMAL:+ANON-DH", "-p", port.ToString()]);
        using var registry = QcryptoCatalog.CreateRegistry();
        var creds = (TlsCreds)registry.Add("tls-creds-anon,id=c,endpoint=client");
        Assert.Equal("anon\n", Echo(creds, registry, server.Port, "anon\n"));
    }

    [Fact]
    public void WrongPskKeyFailsAgainstGnutlsServ()
    {
        using var serverDir = new CredsDir().Psktool("qemu");
        using var clientDir = new CredsDir().Psktool("qemu");
        using var server = new ServerProcess(Tool.Require("gnutls-serv", "gnutls-bin"),
            port => ["--echo", "--pskpasswd", serverDir.File("keys.psk"), "--priority", PskPriority, "-p", port.ToString()]);
        using var registry = QcryptoCatalog.CreateRegistry();
        var creds = (TlsCreds)registry.Add($"tls-creds-psk,id=c,endpoint=client,dir={clientDir.Path}");
        var e = Assert.Throws<TlsSessionException>(() => Echo(creds, registry, server.Port, "x"));
        Assert.StartsWith("TLS handshake failed: ", e.QemuMessage);
    }

    [Fact]
    public void GnutlsCliTalksToOurPskServer()
    {
        using var dir = new CredsDir().Psktool("qemu");
        using var registry = QcryptoCatalog.CreateRegistry();
        var creds = (TlsCreds)registry.Add($"tls-creds-psk,id=s,endpoint=server,dir={dir.Path}");
        var (cli, serverSide) = WithOurServer(creds, registry, port => Tool.Run(Tool.Require("gnutls-cli", "gnutls-bin"),
            ["--pskusername", "qemu", "--pskkey", dir.PskKey(), "--priority", PskPriority, "-p", port.ToString(), "127.0.0.1"], stdin: "from gnutls-cli\n"));
        Assert.Null(serverSide);
        Assert.Contains("from gnutls-cli", cli.Stdout);
    }

    [Fact]
    public void GnutlsCliWithWrongPskKeyIsRefusedByOurServer()
    {
        using var dir = new CredsDir().Psktool("qemu");
        using var other = new CredsDir().Psktool("qemu");
        using var registry = QcryptoCatalog.CreateRegistry();
        var creds = (TlsCreds)registry.Add($"tls-creds-psk,id=s,endpoint=server,dir={dir.Path}");
        var (cli, serverSide) = WithOurServer(creds, registry, port => Tool.Run(Tool.Require("gnutls-cli", "gnutls-bin"),
            ["--pskusername", "qemu", "--pskkey", other.PskKey(), "--priority", PskPriority, "-p", port.ToString(), "127.0.0.1"], stdin: "x\n"));
        Assert.NotEqual(0, cli.ExitCode);
        Assert.NotNull(serverSide);
        Assert.StartsWith("TLS handshake failed: ", serverSide!.QemuMessage);
    }

    private static string Echo(TlsCreds creds, Objects.ObjectRegistry registry, int port, string message)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 60000 };
        socket.Connect(System.Net.IPAddress.Loopback, port);
        using var session = TlsSession.Create(creds, "localhost", null, TlsEndpoint.Client, new NetworkStream(socket), registry);
        session.Establish();
        session.Write(System.Text.Encoding.UTF8.GetBytes(message));
        var buffer = new byte[1024];
        var total = 0;
        while (total < message.Length)
        {
            var n = session.Read(buffer, total, buffer.Length - total);
            if (n == 0)
            {
                break;
            }

            total += n;
        }

        return System.Text.Encoding.UTF8.GetString(buffer, 0, total);
    }

    /// <summary>Serves one client with our server (echo) while <paramref name="client"/> runs.</summary>
    private static (Tool.Result Client, TlsSessionException? ServerError) WithOurServer(
        TlsCreds creds, Objects.ObjectRegistry registry, Func<int, Tool.Result> client)
    {
        var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(() =>
        {
            using var socket = listener.AcceptSocket();
            socket.ReceiveTimeout = 60000;
            try
            {
                using var session = TlsSession.Create(creds, null, null, TlsEndpoint.Server, new NetworkStream(socket), registry);
                session.Establish();
                var buffer = new byte[1024];
                int n;
                while ((n = session.Read(buffer)) > 0)
                {
                    session.Write(buffer, 0, n);
                }

                return (TlsSessionException?)null;
            }
            catch (TlsSessionException e)
            {
                return e;
            }
            catch (IOException)
            {
                return null;
            }
        });
        var result = client(port);
        var serverError = server.Wait(60000) ? server.Result : throw new TimeoutException("our server did not finish");
        listener.Stop();
        return (result, serverError);
    }
}
