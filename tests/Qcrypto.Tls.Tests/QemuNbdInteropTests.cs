using System.Net.Sockets;
using Qcrypto.Composition;
using Qcrypto.Tls.Creds;
using Qcrypto.Tls.Protocols;
using Qcrypto.Tls.Sessions;
using Qcrypto.Tls.Tests.Tools;

namespace Qcrypto.Tls.Tests;

/// <summary>
/// Against QEMU itself: qemu-nbd serving an image with --object tls-creds-* and --tls-creds; our
/// client negotiates NBD's STARTTLS, completes the handshake with the same credential directory and
/// lists the exports over TLS. Wrong keys fail on both sides.
/// </summary>
public class QemuNbdInteropTests
{
    [Fact]
    public void PskWithTheSameDirectory()
    {
        using var dir = new CredsDir().Psktool("qemu");
        using var nbd = QemuNbd($"tls-creds-psk,id=tls0,endpoint=server,dir={dir.Path}", dir);
        using var registry = QcryptoCatalog.CreateRegistry();
        var creds = (TlsCreds)registry.Add($"tls-creds-psk,id=c,endpoint=client,dir={dir.Path}");
        Assert.Equal(["exp"], ListExports(creds, registry, nbd.Port));
    }

    [Fact]
    public void AnonPlainAndWithDhParams()
    {
        using var dir = new CredsDir();
        var r = Tool.Run(Tool.Require("certtool", "gnutls-bin"), ["--generate-dh-params", "--sec-param", "medium", "--outfile", dir.File("dh-params.pem")]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var nbd = QemuNbd($"tls-creds-anon,id=tls0,endpoint=server,dir={dir.Path}", dir);
        using var registry = QcryptoCatalog.CreateRegistry();
        var creds = (TlsCreds)registry.Add("tls-creds-anon,id=c,endpoint=client");
        Assert.Equal(["exp"], ListExports(creds, registry, nbd.Port));
    }

    [Fact]
    public void WrongPskKeyFailsOnBothSides()
    {
        using var serverDir = new CredsDir().Psktool("qemu");
        using var clientDir = new CredsDir().Psktool("qemu");
        using var nbd = QemuNbd($"tls-creds-psk,id=tls0,endpoint=server,dir={serverDir.Path}", serverDir);
        using var registry = QcryptoCatalog.CreateRegistry();
        var creds = (TlsCreds)registry.Add($"tls-creds-psk,id=c,endpoint=client,dir={clientDir.Path}");
        var e = Assert.Throws<TlsSessionException>(() => ListExports(creds, registry, nbd.Port));
        Assert.StartsWith("TLS handshake failed: ", e.QemuMessage);
        Assert.True(nbd.WaitForOutput("TLS handshake failed"), nbd.Output);
    }

    [Theory]
    [InlineData("@SYSTEM:-VERS-TLS1.3")]
    [InlineData("garbage")]
    public void BadPriorityLoadsAndFailsEachSessionWithQemusMessage(string priority)
    {
        // libvirt writes priority=@SYSTEM:-VERS-TLS1.3; without a GnuTLS system configuration QEMU 7.2 still creates the
        // object (qemu-nbd serves) and fails the session: our object loads too and our session fails with its words.
        using var dir = new CredsDir().Psktool("qemu");
        var line = $"tls-creds-psk,id=tls0,endpoint=server,dir={dir.Path},priority={priority}";
        using var nbd = QemuNbd(line, dir);
        using var registry = QcryptoCatalog.CreateRegistry();
        var client = (TlsCreds)registry.Add($"tls-creds-psk,id=c,endpoint=client,dir={dir.Path}");
        Assert.Throws<TlsSessionException>(() => ListExports(client, registry, nbd.Port));
        var expected = $"Unable to set TLS session priority {priority}:+ECDHE-PSK:+DHE-PSK:+PSK: The request is invalid.";
        Assert.True(nbd.WaitForOutput(expected), nbd.Output);

        var ours = (TlsCreds)registry.Add(line);
        Assert.Contains(expected, Assert.Single(ours.Warnings).Message);
        var e = Assert.Throws<TlsSessionException>(() => TlsSession.Create(ours, null, null, TlsEndpoint.Server, new MemoryStream()));
        Assert.Equal(expected, e.QemuMessage);
    }

    private static ServerProcess QemuNbd(string objectLine, CredsDir dir)
    {
        var image = dir.File("disk.img");
        File.WriteAllBytes(image, new byte[1 << 20]);
        return new ServerProcess(Tool.Require("qemu-nbd", "qemu-utils"), port =>
            ["--object", objectLine, "--tls-creds", "tls0", "-f", "raw", "-x", "exp", "-p", port.ToString(), "--bind", "127.0.0.1", "-t", image]);
    }

    private static List<string> ListExports(TlsCreds creds, Objects.ObjectRegistry registry, int port)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 60000 };
        socket.Connect(System.Net.IPAddress.Loopback, port);
        var stream = new NetworkStream(socket);
        NbdStartTls.Negotiate(stream);
        using var session = TlsSession.Create(creds, "localhost", null, TlsEndpoint.Client, stream, registry, ownsTransport: true);
        session.Establish();
        var exports = NbdStartTls.ListExports(session);
        NbdStartTls.Abort(session);
        return exports;
    }
}
