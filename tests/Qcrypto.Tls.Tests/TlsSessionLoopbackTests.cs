using System.Net;
using System.Net.Sockets;
using Qcrypto.Composition;
using Qcrypto.Tls.Creds;
using Qcrypto.Tls.Sessions;
using Qcrypto.Tls.Tests.Tools;

namespace Qcrypto.Tls.Tests;

/// <summary>Our client against our server, in process, over loopback TCP.</summary>
public class TlsSessionLoopbackTests
{
    [Fact]
    public void PskHandshakeAndEcho()
    {
        using var dir = new CredsDir().Psktool("qemu");
        using var registry = QcryptoCatalog.CreateRegistry();
        var server = (TlsCreds)registry.Add($"tls-creds-psk,id=s,endpoint=server,dir={dir.Path}");
        var client = (TlsCreds)registry.Add($"tls-creds-psk,id=c,endpoint=client,dir={dir.Path}");
        var (s, c) = Loopback.Run(registry, server, client, message: "hello psk");
        Assert.Null(s.Error);
        Assert.Null(c.Error);
        Assert.Equal("hello psk", c.Received);
        Assert.Equal("TLS1.3", c.Info!.Protocol);
        Assert.Contains("PSK", c.Info.KeyExchange);
    }

    [Fact]
    public void AnonHandshakeAndEcho()
    {
        using var registry = QcryptoCatalog.CreateRegistry();
        var server = (TlsCreds)registry.Add("tls-creds-anon,id=s,endpoint=server");
        var client = (TlsCreds)registry.Add("tls-creds-anon,id=c,endpoint=client");
        var (s, c) = Loopback.Run(registry, server, client, message: "hello anon");
        Assert.Null(s.Error);
        Assert.Equal("hello anon", c.Received);
        Assert.Equal("TLS1.2", c.Info!.Protocol);
        Assert.Equal("ANON-DH", c.Info.KeyExchange);
    }

    [Fact]
    public void WrongPskKeyFailsOnBothSides()
    {
        using var serverDir = new CredsDir().Psktool("qemu");
        using var clientDir = new CredsDir().Psktool("qemu");
        using var registry = QcryptoCatalog.CreateRegistry();
        var server = (TlsCreds)registry.Add($"tls-creds-psk,id=s,endpoint=server,dir={serverDir.Path}");
        var client = (TlsCreds)registry.Add($"tls-creds-psk,id=c,endpoint=client,dir={clientDir.Path}");
        var (s, c) = Loopback.Run(registry, server, client);
        Assert.NotNull(s.Error);
        Assert.NotNull(c.Error);
        Assert.StartsWith("TLS handshake failed: ", s.Error!.QemuMessage);
        Assert.StartsWith("TLS handshake failed: ", c.Error!.QemuMessage);
        Assert.DoesNotContain(serverDir.PskKey(), s.Error.Message + s.Error.Hint + c.Error.Message + c.Error.Hint);
    }

    [Fact]
    public void PskUserUnknownToServerFails()
    {
        using var serverDir = new CredsDir().Psktool("alice");
        using var clientDir = new CredsDir().Psktool("qemu");
        using var registry = QcryptoCatalog.CreateRegistry();
        var server = (TlsCreds)registry.Add($"tls-creds-psk,id=s,endpoint=server,dir={serverDir.Path}");
        var client = (TlsCreds)registry.Add($"tls-creds-psk,id=c,endpoint=client,dir={clientDir.Path}");
        var (s, c) = Loopback.Run(registry, server, client);
        Assert.NotNull(s.Error);
        Assert.NotNull(c.Error);
    }

    [Fact]
    public void AnonAgainstPskShareNothing()
    {
        using var dir = new CredsDir().Psktool("qemu");
        using var registry = QcryptoCatalog.CreateRegistry();
        var server = (TlsCreds)registry.Add($"tls-creds-psk,id=s,endpoint=server,dir={dir.Path}");
        var client = (TlsCreds)registry.Add("tls-creds-anon,id=c,endpoint=client");
        var (s, c) = Loopback.Run(registry, server, client);
        Assert.NotNull(s.Error);
        Assert.NotNull(c.Error);
    }

    [Fact]
    public void GarbagePeerGetsACleanError()
    {
        using var registry = QcryptoCatalog.CreateRegistry();
        var server = (TlsCreds)registry.Add("tls-creds-anon,id=s,endpoint=server");
        using var pair = SocketPair.Create();
        pair.Client.Send(System.Text.Encoding.ASCII.GetBytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
        pair.Client.Shutdown(SocketShutdown.Send);
        using var session = TlsSession.Create(server, null, null, TlsEndpoint.Server, new NetworkStream(pair.Server));
        var e = Assert.Throws<TlsSessionException>(session.Handshake);
        Assert.StartsWith("TLS handshake failed: ", e.QemuMessage);
    }

    [Fact]
    public void PeerDisconnectingMidHandshakeGetsACleanError()
    {
        using var dir = new CredsDir().Psktool("qemu");
        using var registry = QcryptoCatalog.CreateRegistry();
        var server = (TlsCreds)registry.Add($"tls-creds-psk,id=s,endpoint=server,dir={dir.Path}");
        using var pair = SocketPair.Create();
        // The first bytes of a ClientHello, then the peer is gone.
        pair.Client.Send([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]);
        pair.Client.Close();
        using var session = TlsSession.Create(server, null, null, TlsEndpoint.Server, new NetworkStream(pair.Server));
        var e = Assert.Throws<TlsSessionException>(session.Handshake);
        Assert.StartsWith("TLS handshake failed: ", e.QemuMessage);
    }

}

/// <summary>Runs alone: file descriptor and memory counts mean nothing while other tests open sockets.</summary>
[Collection(nameof(LeakCheck))]
public class LeakCheck
{
    [Fact]
    public void TenThousandFailedHandshakesLeakNoHandles()
    {
        using var registry = QcryptoCatalog.CreateRegistry();
        var server = (TlsCreds)registry.Add("tls-creds-anon,id=s,endpoint=server");
        var junk = new byte[] { 0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0x00, 0x00, 0x01, 0x00 };
        var failed = true;
        Run(200); // warm up lazily created native state
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var fdsBefore = Directory.GetFiles("/proc/self/fd").Length;
        var nativeBefore = NativeHeap.AllocatedBytes();
        Run(10_000);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var fdsAfter = Directory.GetFiles("/proc/self/fd").Length;
        Assert.InRange(fdsAfter - fdsBefore, -20, 20);

        // malloc'd bytes (GnuTLS's own memory, not the GC heap): a session that was never freed is
        // several KiB, so 10,000 of them would add tens of MiB. Allow 1 KiB per handshake of noise.
        Assert.InRange(NativeHeap.AllocatedBytes() - nativeBefore, long.MinValue, 10_000L * 1024);
        Assert.False(server.IsInUse);

        Assert.True(failed, "every handshake with the junk peer must fail");

        void Run(int count)
        {
            for (var i = 0; i < count; i++)
            {
                using var input = new MemoryStream(junk);
                using var duplex = new DuplexStream(input, Stream.Null);
                using var session = TlsSession.Create(server, null, null, TlsEndpoint.Server, duplex);
                try
                {
                    session.Handshake();
                    failed = false;
                }
                catch (TlsSessionException)
                {
                }
            }
        }
    }
}

[CollectionDefinition(nameof(LeakCheck), DisableParallelization = true)]
public class LeakCheckCollection
{
}
