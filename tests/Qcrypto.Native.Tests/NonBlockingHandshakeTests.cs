using System.Text;
using Qcrypto.Native.Tests.Fixtures;
using Qcrypto.Objects;
using Qcrypto.Tls;
using Qcrypto.Tls.Creds;
using Qcrypto.Tls.Sessions;

namespace Qcrypto.Native.Tests;

/// <summary>The C# TlsSession's non-blocking handshake: both ends of a pair on one thread, no Stream, no waiting.</summary>
public class NonBlockingHandshakeTests
{
    [Theory]
    [InlineData("psk")]
    [InlineData("x509")]
    public void BothEndsHandshakeOnOneThreadAndExchangeData(string kind)
    {
        using var dirs = new TlsDirs();
        using var registry = new ObjectRegistry(new ObjectTypeCatalog().AddSecrets().AddTls());
        var (server, client) = Creds(registry, dirs, kind);
        var pipe = new MemoryPipe();
        using var s = TlsSession.Create(server, null, null, TlsEndpoint.Server, pipe.A, registry);
        using var c = TlsSession.Create(client, kind == "x509" ? TlsDirs.Hostname : null, null, TlsEndpoint.Client, pipe.B, registry);

        var statuses = new List<TlsHandshakeStatus>();
        for (var round = 0; round < 20 && !(s.HandshakeComplete && c.HandshakeComplete); round++)
        {
            statuses.Add(c.HandshakeStep());
            statuses.Add(s.HandshakeStep());
        }

        Assert.True(s.HandshakeComplete && c.HandshakeComplete, string.Join(",", statuses));
        // Each end had to hand the turn back at least once: the handshake waited for the peer by returning.
        Assert.Contains(TlsHandshakeStatus.WantsRead, statuses);
        s.CheckCredentials();
        c.CheckCredentials();
        Assert.Equal(TlsHandshakeStatus.Complete, c.HandshakeStep());

        Assert.Equal(TlsTransport.WouldBlock, s.TryRead(new byte[16]));
        var message = Encoding.UTF8.GetBytes("one thread, both ends");
        Assert.Equal(message.Length, c.TryWrite(message));
        var buffer = new byte[64];
        var n = s.TryRead(buffer);
        Assert.Equal(message, buffer[..n]);
        if (kind == "psk")
        {
            Assert.Equal("qemu", s.PskUsername);
        }
        else
        {
            Assert.Equal("C=UK,CN=native client", s.PeerName);
        }
    }

    [Fact]
    public void ATransportErrorFailsTheStepWithATypedError()
    {
        using var dirs = new TlsDirs();
        using var registry = new ObjectRegistry(new ObjectTypeCatalog().AddSecrets().AddTls());
        var (_, client) = Creds(registry, dirs, "psk");
        using var c = TlsSession.Create(client, null, null, TlsEndpoint.Client, new Broken(), registry);
        var e = Assert.Throws<TlsSessionException>(() => c.HandshakeStep());
        Assert.Equal(TlsErrorCodes.Handshake, e.Code);
        Assert.Contains("peer went away", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadBeforeTheHandshakeIsRefused()
    {
        using var dirs = new TlsDirs();
        using var registry = new ObjectRegistry(new ObjectTypeCatalog().AddSecrets().AddTls());
        var (_, client) = Creds(registry, dirs, "psk");
        using var c = TlsSession.Create(client, null, null, TlsEndpoint.Client, new MemoryPipe().A, registry);
        Assert.Throws<InvalidOperationException>(() => c.TryRead(new byte[4]));
        Assert.Equal(TlsHandshakeStatus.WantsRead, c.HandshakeStep());
    }

    internal static (TlsCreds Server, TlsCreds Client) Creds(ObjectRegistry registry, TlsDirs dirs, string kind, string? priority = null)
    {
        var p = priority is null ? string.Empty : $",priority={priority}";
        return kind == "psk"
            ? ((TlsCreds)registry.Add($"tls-creds-psk,id=s,endpoint=server,dir={dirs.Psk}{p}"), (TlsCreds)registry.Add($"tls-creds-psk,id=c,endpoint=client,dir={dirs.Psk}{p}"))
            : ((TlsCreds)registry.Add($"tls-creds-x509,id=s,endpoint=server,dir={dirs.Server}{p}"),
               (TlsCreds)registry.Add($"tls-creds-x509,id=c,endpoint=client,dir={dirs.Client}{p}"));
    }

    private sealed class Broken : TlsTransport
    {
        public override int Write(ReadOnlySpan<byte> data) => throw new IOException("peer went away");

        public override int Read(Span<byte> buffer) => throw new IOException("peer went away");
    }
}
