using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Qcrypto.Composition;
using Qcrypto.Objects;
using Qcrypto.Tls.Creds;
using Qcrypto.Tls.Protocols;
using Qcrypto.Tls.Sessions;

namespace Qcrypto.Cli.Commands;

/// <summary>The demo's TLS steps: sessions made from -object lines, between ourselves and with qemu-nbd.</summary>
internal static class DemoTls
{
    /// <summary>PSK and anon handshakes between our own server and client, in process over loopback.</summary>
    public static bool OwnSessions(string dir)
    {
        var pskDir = Path.Combine(dir, "psk");
        Directory.CreateDirectory(pskDir);
        var key = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
        File.WriteAllText(Path.Combine(pskDir, "keys.psk"), $"qemu:{key}\n");
        File.SetUnixFileMode(Path.Combine(pskDir, "keys.psk"), UnixFileMode.UserRead | UnixFileMode.UserWrite);

        using var registry = QcryptoCatalog.CreateRegistry();
        var ok = true;
        foreach (var (server, client) in new[]
                 {
                     ($"tls-creds-psk,id=psk-server,endpoint=server,dir={pskDir}", $"tls-creds-psk,id=psk-client,endpoint=client,dir={pskDir}"),
                     ("tls-creds-anon,id=anon-server,endpoint=server", "tls-creds-anon,id=anon-client,endpoint=client"),
                 })
        {
            var s = (TlsCreds)registry.Add(server);
            var c = (TlsCreds)registry.Add(client);
            Std.Out.WriteLine($"   -object {server}");
            Std.Out.WriteLine($"   -object {client}");
            var description = Handshake(s, c, registry);
            Std.Out.WriteLine($"   handshake: {description} (priority {c.Priority})");
            ok &= description.StartsWith('(');
        }

        return ok;
    }

    /// <summary>qemu-nbd serving an image with our PSK directory; we negotiate STARTTLS and list its exports.</summary>
    public static bool QemuNbd(string dir)
    {
        var pskDir = Path.Combine(dir, "psk");
        var image = Path.Combine(dir, "nbd.img");
        File.WriteAllBytes(image, new byte[1 << 20]);
        var port = FreePort();
        var info = new ProcessStartInfo("qemu-nbd") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in (string[])["--object", $"tls-creds-psk,id=tls0,endpoint=server,dir={pskDir}", "--tls-creds", "tls0",
                     "-f", "raw", "-x", "demo-export", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "-t", image])
        {
            info.ArgumentList.Add(a);
        }

        Std.Out.WriteLine($"   qemu-nbd --object tls-creds-psk,id=tls0,endpoint=server,dir=psk --tls-creds tls0 -x demo-export -p {port} nbd.img");
        using var nbd = Process.Start(info)!;
        try
        {
            using var registry = QcryptoCatalog.CreateRegistry();
            var creds = (TlsCreds)registry.Add($"tls-creds-psk,id=c,endpoint=client,dir={pskDir}");
            using var socket = Connect(port);
            var stream = new NetworkStream(socket, ownsSocket: true);
            NbdStartTls.Negotiate(stream);
            using var session = TlsSession.Create(creds, "localhost", null, TlsEndpoint.Client, stream, registry, ownsTransport: true);
            session.Establish();
            var exports = NbdStartTls.ListExports(session);
            NbdStartTls.Abort(session);
            Std.Out.WriteLine($"   NBD STARTTLS + {session.Info.Description}; exports over TLS: {string.Join(", ", exports)}");
            return exports.SequenceEqual(["demo-export"]);
        }
        finally
        {
            nbd.Kill(entireProcessTree: true);
            nbd.WaitForExit(5000);
        }
    }

    internal static string Handshake(TlsCreds server, TlsCreds client, ObjectRegistry registry)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var serverTask = Task.Run(() =>
            {
                using var socket = listener.AcceptSocket();
                using var session = TlsSession.Create(server, null, null, TlsEndpoint.Server, new NetworkStream(socket), registry);
                session.Establish();
                var buffer = new byte[4];
                session.ReadExactly(buffer);
                session.Write(buffer);
            });
            using var clientSocket = Connect(port);
            using var clientSession = TlsSession.Create(client, "localhost", null, TlsEndpoint.Client, new NetworkStream(clientSocket), registry);
            clientSession.Establish();
            clientSession.Write("ping"u8);
            var echo = new byte[4];
            clientSession.ReadExactly(echo);
            serverTask.GetAwaiter().GetResult();
            return echo.AsSpan().SequenceEqual("ping"u8) ? clientSession.Info.Description : "echo mismatch";
        }
        finally
        {
            listener.Stop();
        }
    }

    private static Socket Connect(int port)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 10000 };
            try
            {
                socket.Connect(IPAddress.Loopback, port);
                return socket;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                socket.Dispose();
                Thread.Sleep(50);
            }
        }
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
