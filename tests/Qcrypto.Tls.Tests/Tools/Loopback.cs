using System.Net;
using System.Net.Sockets;
using Qcrypto.Errors;
using Qcrypto.Objects;
using Qcrypto.Tls.Creds;
using Qcrypto.Tls.Sessions;

namespace Qcrypto.Tls.Tests.Tools;

/// <summary>A server session and a client session on a loopback TCP connection, in this process.</summary>
public static class Loopback
{
    public sealed record Side(TlsSessionInfo? Info, QcryptoException? Error, string? Received);

    /// <summary>
    /// Runs both handshakes and credential checks; when both pass, the client sends
    /// <paramref name="message"/> and the server echoes it back.
    /// </summary>
    public static (Side Server, Side Client) Run(ObjectRegistry registry, TlsCreds server, TlsCreds client,
        string? hostname = "localhost", string? authzId = null, string message = "ping")
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            var serverTask = Task.Run(() =>
            {
                using var socket = listener.AcceptSocket();
                socket.ReceiveTimeout = 60000;
                using var stream = new NetworkStream(socket, ownsSocket: false);
                return Serve(registry, server, authzId, stream);
            });

            Side clientSide;
            using (var socket = new Socket(SocketType.Stream, ProtocolType.Tcp))
            {
                socket.Connect(IPAddress.Loopback, port);
                socket.ReceiveTimeout = 60000;
                using var stream = new NetworkStream(socket, ownsSocket: false);
                clientSide = Connect(registry, client, hostname, stream, message);
            }

            return (serverTask.GetAwaiter().GetResult(), clientSide);
        }
        finally
        {
            listener.Stop();
        }
    }

    private static Side Serve(ObjectRegistry registry, TlsCreds creds, string? authzId, Stream stream)
    {
        TlsSessionInfo? info = null;
        try
        {
            using var session = TlsSession.Create(creds, null, authzId, TlsEndpoint.Server, stream, registry);
            session.Establish();
            info = session.Info;
            var buffer = new byte[256];
            var n = session.Read(buffer);
            session.Write(buffer, 0, n);
            return new Side(info, null, System.Text.Encoding.UTF8.GetString(buffer, 0, n));
        }
        catch (QcryptoException e)
        {
            return new Side(info, e, null);
        }
        catch (IOException e)
        {
            return new Side(info, e.InnerException as QcryptoException ?? new TlsSessionException("io", e.Message), null);
        }
    }

    private static Side Connect(ObjectRegistry registry, TlsCreds creds, string? hostname, Stream stream, string message)
    {
        TlsSessionInfo? info = null;
        try
        {
            using var session = TlsSession.Create(creds, hostname, null, TlsEndpoint.Client, stream, registry);
            session.Establish();
            info = session.Info;
            session.Write(System.Text.Encoding.UTF8.GetBytes(message));
            var buffer = new byte[256];
            var n = session.Read(buffer);
            return new Side(info, null, System.Text.Encoding.UTF8.GetString(buffer, 0, n));
        }
        catch (QcryptoException e)
        {
            return new Side(info, e, null);
        }
        catch (IOException e)
        {
            return new Side(info, e.InnerException as QcryptoException ?? new TlsSessionException("io", e.Message), null);
        }
    }
}
