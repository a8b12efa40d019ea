using System.Net;
using System.Net.Sockets;
using Qcrypto.Composition;
using Qcrypto.Errors;
using Qcrypto.Objects;
using Qcrypto.TestCerts;
using Qcrypto.Tls.Authz;
using Qcrypto.Tls.Creds;
using Qcrypto.Tls.Sessions;
using Qcrypto.Tls.Tests.Tools;

namespace Qcrypto.Tls.Tests;

/// <summary>
/// Every row of QEMU's tests/unit/test-crypto-tlssession.c: both handshakes run to completion, then
/// each side checks its peer (qcrypto_tls_session_check_credentials) and must reach QEMU's verdict:
/// creds with verify-peer=on, sanity-check=off, priority NORMAL; the client checks the hostname; the
/// server checks the client's DN against an authz-list (deny by default, one glob per allowed DN).
/// </summary>
public class QemuSessionTableTests
{
    public static TheoryData<string> Cases() => [.. QemuTestCerts.SessionCases().Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void QemuTable(string name)
    {
        var scenario = QemuTestCerts.SessionCase(name);
        using var dir = new CredsDir();
        var dirs = ScenarioWriter.Write(scenario, dir.Path);
        using var registry = QcryptoCatalog.CreateRegistry();
        var type = scenario.CredsType == CredsType.Psk ? "tls-creds-psk" : "tls-creds-x509";
        var options = scenario.CredsType == CredsType.Psk ? string.Empty : ",verify-peer=on,sanity-check=off,priority=NORMAL";
        var server = (TlsCreds)registry.Add($"{type},id=server,endpoint=server,dir={dirs.Server}{options}");
        var client = (TlsCreds)registry.Add($"{type},id=client,endpoint=client,dir={dirs.Client}{options}");
        string? authz = null;
        if (scenario.AuthzGlobs is { } globs)
        {
            var list = (AuthzList)registry.Add("authz-list,id=tlssessionacl,policy=deny");
            foreach (var glob in globs)
            {
                list.Add(new AuthzRule(glob, Allow: true, AuthzMatchFormat.Glob));
            }

            authz = "tlssessionacl";
        }

        var (serverError, clientError) = Run(registry, server, client, scenario.ClientHostname, authz);
        Expect(scenario.ServerCheck, serverError, "server");
        Expect(scenario.ClientCheck, clientError, "client");
    }

    private static void Expect(Verdict verdict, QcryptoException? error, string side)
    {
        if (verdict.Passes)
        {
            Assert.True(error is null, $"{side} check should pass: {error?.Message}");
            return;
        }

        Assert.True(error is not null, $"{side} check should fail ({verdict})");
        if (verdict.Message is { } message)
        {
            Assert.Equal(message, error!.QemuMessage);
        }
    }

    /// <summary>Both handshakes first; only then does each side check the other, as QEMU's test does.</summary>
    private static (QcryptoException? Server, QcryptoException? Client) Run(ObjectRegistry registry, TlsCreds serverCreds, TlsCreds clientCreds,
        string? hostname, string? authz)
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var bothDone = new Barrier(2);
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var serverTask = Task.Run(() =>
            {
                using var socket = listener.AcceptSocket();
                socket.ReceiveTimeout = 60000;
                using var session = TlsSession.Create(serverCreds, null, authz, TlsEndpoint.Server, new NetworkStream(socket), registry);
                return HandshakeThenCheck(session, bothDone);
            });
            using var clientSocket = new Socket(SocketType.Stream, ProtocolType.Tcp) { ReceiveTimeout = 60000 };
            clientSocket.Connect(IPAddress.Loopback, port);
            using var clientSession = TlsSession.Create(clientCreds, hostname, null, TlsEndpoint.Client, new NetworkStream(clientSocket), registry);
            var clientError = HandshakeThenCheck(clientSession, bothDone);
            return (serverTask.GetAwaiter().GetResult(), clientError);
        }
        finally
        {
            listener.Stop();
        }
    }

    private static QcryptoException? HandshakeThenCheck(TlsSession session, Barrier bothDone)
    {
        session.Handshake();
        bothDone.SignalAndWait(TimeSpan.FromSeconds(60)); // a peer whose handshake failed never signals: then go on
        try
        {
            session.CheckCredentials();
            return null;
        }
        catch (QcryptoException e)
        {
            return e;
        }
    }
}
