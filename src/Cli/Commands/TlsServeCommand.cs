using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Qcrypto.Errors;
using Qcrypto.Objects;
using Qcrypto.Tls.Creds;
using Qcrypto.Tls.Sessions;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// <c>qcrypto tls serve</c>: like gnutls-serv, but with the exact -object credentials an emulator uses,
/// including QEMU's post-handshake checks (verify-peer, authz). Clients are served one at a time.
/// </summary>
public static class TlsServeCommand
{
    public static Command Create()
    {
        var objects = CommonOptions.Objects(required: true);
        var creds = new Option<string>("--creds") { HelpName = "ID", Description = "id of the tls-creds-* object (endpoint=server)", Required = true };
        var listen = new Option<string>("--listen") { HelpName = "HOST:PORT", Description = "HOST:PORT to listen on (port 0: any free port, printed on stderr)", Required = true };
        var echo = new Option<bool>("--echo") { Description = "send back what each client sends" };
        var once = new Option<bool>("--once") { Description = "exit after the first client (exit code 1 if its session failed)" };
        var authz = new Option<string?>("--authz") { HelpName = "ID", Description = "id of an authz-simple/-list/-listfile object checking the client's DN (QEMU's tls-authz)" };
        var timeout = new Option<int>("--timeout") { HelpName = "SECONDS", Description = "seconds a client may take to complete the handshake", DefaultValueFactory = _ => 30 };
        var allow = CommonOptions.AllowWorldReadable();
        var json = CommonOptions.Json();
        var command = new Command("serve", "TLS server with QEMU credentials: echo, or pipe stdin/stdout to the client")
        {
            objects, creds, listen, echo, once, authz, timeout, allow, json,
        };
        command.SetAction(r => Run(r.GetValue(objects)!, r.GetValue(creds)!, HostPort.Parse(r.GetValue(listen)!, "--listen"), r.GetValue(echo), r.GetValue(once),
            r.GetValue(authz), r.GetValue(timeout), r.GetValue(allow), r.GetValue(json)));
        return command;
    }

    private static int Run(string[] lines, string credsId, HostPort listen, bool echo, bool once, string? authzId, int timeoutSeconds, bool allow, bool json)
    {
        using var registry = ObjectLineProcessor.Build(lines, allow);
        var creds = registry.Get<TlsCreds>(credsId);
        creds.CheckEndpoint(TlsEndpoint.Server);
        if (authzId is not null)
        {
            _ = registry.Find(authzId) ?? throw new ObjectException(ErrorCodes.ObjectNotFound, $"Cannot find QAuthZ object ID {authzId}", authzId);
        }

        var listener = new TcpListener(listen.Resolve()[0], listen.Port);
        try
        {
            listener.Start();
        }
        catch (SocketException e)
        {
            throw new UsageException($"cannot listen on {listen}: {e.Message}");
        }

        using var stop = listener;
        Std.Err.WriteLine($"tls serve: listening on {(IPEndPoint)listener.LocalEndpoint} ({creds.TypeName} '{creds.Id}', priority {creds.Priority})");
        while (true)
        {
            using var socket = listener.AcceptSocket();
            socket.NoDelay = true; // small TLS records must not wait for delayed ACKs (see tls connect)
            var peer = socket.RemoteEndPoint?.ToString() ?? "?";
            var ok = Serve(registry, creds, authzId, socket, peer, echo, timeoutSeconds, json);
            if (once)
            {
                return ok ? ExitCodes.Ok : ExitCodes.Invalid;
            }
        }
    }

    private static bool Serve(ObjectRegistry registry, TlsCreds creds, string? authzId, Socket socket, string peer, bool echo, int timeoutSeconds, bool json)
    {
        socket.ReceiveTimeout = timeoutSeconds * 1000;
        TlsSessionInfo? info = null;
        long received = 0, sent = 0;
        try
        {
            using var session = TlsSession.Create(creds, null, authzId, TlsEndpoint.Server, new NetworkStream(socket, ownsSocket: false), registry);
            session.Establish();
            info = session.Info;
            socket.ReceiveTimeout = 0;
            if (!json)
            {
                TlsReport.Human($"tls serve: {peer}", info);
            }

            if (echo)
            {
                received = sent = TlsConnectCommand.Copy(session, session);
            }
            else
            {
                var pump = TlsConnectCommand.Background(() => sent = TlsConnectCommand.Copy(Std.InStream, session));
                received = TlsConnectCommand.Copy(session, Std.OutStream);
                pump.Join(TimeSpan.FromMilliseconds(200));
            }

            if (json)
            {
                JsonLine(w => TlsReport.Json(w, peer, info, null, received, sent));
            }

            return true;
        }
        catch (Exception e) when (e is QcryptoException or IOException)
        {
            var error = e as QcryptoException ?? (e.InnerException as QcryptoException)
                ?? new TlsFailure(e.Message);
            if (json)
            {
                JsonLine(w => TlsReport.Json(w, peer, info, error, received, sent));
            }
            else
            {
                Diagnostics.Error($"{peer}: {error.Message}", error.Hint);
            }

            return false;
        }
    }

    /// <summary>One JSON document per client, one per line (JSON Lines), as the server runs on.</summary>
    private static void JsonLine(Action<System.Text.Json.Utf8JsonWriter> body)
    {
        using var buffer = new MemoryStream();
        using (var w = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            body(w);
        }

        buffer.WriteByte((byte)'\n');
        Std.OutStream.Write(buffer.ToArray());
    }

    private sealed class TlsFailure(string message) : QcryptoException("tls-io", message, null, null, null, null);
}
