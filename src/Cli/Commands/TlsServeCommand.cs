using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Qcrypto.Errors;
using Qcrypto.Objects;
using Qcrypto.Posix;
using Qcrypto.Tls.Creds;
using Qcrypto.Tls.Sessions;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// <c>qcrypto tls serve</c>: like gnutls-serv, but with the exact -object credentials an emulator uses,
/// including QEMU's post-handshake checks (verify-peer, authz). Clients are served one at a time.
/// </summary>
internal static class TlsServeCommand
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
        try
        {
            return Listen(lines, credsId, listen, echo, once, authzId, timeoutSeconds, allow, json);
        }
        catch (Exception e) when (json && e is QcryptoException or UsageException)
        {
            // --json: the failure to start is a document too (one line, like each client's).
            var error = e as QcryptoException ?? new ToolError("tls-serve", e.Message, ((UsageException)e).Hint);
            JsonLine(w => TlsReport.Json(w, listen.ToString(), null, error, 0, 0));
            return e is UsageException ? ExitCodes.Usage : ExitCodes.Invalid;
        }
    }

    private static int Listen(string[] lines, string credsId, HostPort listen, bool echo, bool once, string? authzId, int timeoutSeconds, bool allow, bool json)
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
        var input = new SharedInput(Std.InStream);
        while (true)
        {
            Socket socket;
            try
            {
                socket = listener.AcceptSocket();
            }
            catch (SocketException e)
            {
                throw new UsageException($"cannot accept a connection on {listen}: {e.Message}");
            }

            TlsOutcome outcome;
            using (socket)
            {
                socket.NoDelay = true; // small TLS records must not wait for delayed ACKs (see tls connect)
                var peer = socket.RemoteEndPoint?.ToString() ?? "?";
                outcome = Serve(registry, creds, authzId, socket, peer, echo ? null : input, timeoutSeconds, json);
            }

            // --once: the client's verdict; otherwise only stdout/stdin failing (or stdout closed) ends the server.
            if (once || outcome.ExitCode == ExitCodes.Usage || outcome.OutputClosed)
            {
                return outcome.ExitCode;
            }
        }
    }

    private static TlsOutcome Serve(ObjectRegistry registry, TlsCreds creds, string? authzId, Socket socket, string peer, SharedInput? input,
        int timeoutSeconds, bool json)
    {
        TlsSessionInfo? info = null;
        var outcome = TlsOutcome.Ok;
        long received = 0, sent = 0;
        using var transport = PosixTcp.Wrap(socket);
        PosixTcp.SetReceiveTimeout(transport, TimeSpan.FromSeconds(timeoutSeconds));
        TlsSession? session = null;
        var release = true;
        try
        {
            session = TlsSession.Create(creds, null, authzId, TlsEndpoint.Server, transport, registry);
            session.Establish();
            info = session.Info;
            PosixTcp.SetReceiveTimeout(transport, TimeSpan.Zero);
            if (!json)
            {
                TlsReport.Human($"tls serve: {peer}", info);
            }

            TlsPump pump;
            if (input is null)
            {
                pump = TlsPump.Echo(session);
            }
            else
            {
                using var done = new CancellationTokenSource();
                pump = TlsPump.Run(session, input.ForClient(done.Token), Std.OutStream, closeNotifyAtEof: false, () => PosixTcp.Shutdown(transport), done.Cancel);
            }

            (received, sent, release) = (pump.Received, pump.Sent, pump.SessionReleased);
            outcome = TlsOutcome.Judge(pump, "client");
        }
        catch (QcryptoException e)
        {
            outcome = TlsOutcome.Failed(e);
        }
        finally
        {
            if (release)
            {
                session?.Dispose();
            }
        }

        if (outcome.OutputClosed)
        {
            // stdout's reader went away: the server stops without a word more (exit 141).
            return outcome;
        }

        if (json)
        {
            JsonLine(w => TlsReport.Json(w, peer, info, outcome.Error, received, sent, outcome.Warning));
        }
        else if (outcome.Error is not null)
        {
            Diagnostics.Error($"{peer}: {outcome.Error.Message} [{outcome.Error.Code}]", CliWords.Render(outcome.Error.Fix));
        }
        else if (outcome.Warning is not null)
        {
            Diagnostics.Warning($"{peer}: {outcome.Warning}");
        }

        return outcome;
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
}
