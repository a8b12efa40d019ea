using System.CommandLine;
using System.Net.Sockets;
using Qcrypto.Errors;
using Qcrypto.Tls.Creds;
using Qcrypto.Tls.Protocols;
using Qcrypto.Tls.Sessions;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// <c>qcrypto tls connect</c>: like gnutls-cli, but with the exact -object credentials an emulator uses.
/// Sends stdin until EOF (then a TLS close_notify), prints what comes back until the peer closes.
/// </summary>
public static class TlsConnectCommand
{
    public static Command Create()
    {
        var objects = CommonOptions.Objects(required: true);
        var creds = new Option<string>("--creds") { HelpName = "ID", Description = "id of the tls-creds-* object (endpoint=client)", Required = true };
        var hostname = new Option<string?>("--hostname") { HelpName = "NAME", Description = "name the server certificate must match (default: HOST)" };
        var target = new Argument<string>("HOST:PORT") { Description = "server to connect to" };
        var startTls = new Option<string?>("--starttls") { HelpName = "PROTOCOL", Description = "negotiate TLS inside a protocol first: nbd (qemu-nbd; then lists the exports over TLS instead of piping stdin)" };
        startTls.AcceptOnlyFromAmong("nbd");
        var timeout = new Option<int>("--timeout") { HelpName = "SECONDS", Description = "seconds to wait for connect and handshake", DefaultValueFactory = _ => 30 };
        var allow = CommonOptions.AllowWorldReadable();
        var json = CommonOptions.Json();
        var command = new Command("connect", "TLS client with QEMU credentials: pipe stdin to the server and the server to stdout")
        {
            objects, creds, hostname, startTls, timeout, allow, json, target,
        };
        command.SetAction(r => Run(r.GetValue(objects)!, r.GetValue(creds)!, r.GetValue(hostname), HostPort.Parse(r.GetValue(target)!, "HOST:PORT"),
            r.GetValue(startTls), r.GetValue(timeout), r.GetValue(allow), r.GetValue(json)));
        return command;
    }

    private static int Run(string[] lines, string credsId, string? hostname, HostPort target, string? startTls, int timeoutSeconds, bool allow, bool json)
    {
        using var registry = ObjectLineProcessor.Build(lines, allow);
        var creds = registry.Get<TlsCreds>(credsId);
        creds.CheckEndpoint(TlsEndpoint.Client);

        // TLS sends small records (handshake messages, close_notify): Nagle would hold them for the
        // peer's delayed ACK, 40 ms a time (measured). QEMU's NBD client disables it too.
        FdStream transport;
        try
        {
            transport = PosixTcp.Connect(target.Resolve(), target.Port, TimeSpan.FromSeconds(timeoutSeconds));
        }
        catch (SocketException e)
        {
            throw new UsageException($"cannot connect to {target}: {e.Message}");
        }

        PosixTcp.SetReceiveTimeout(transport, TimeSpan.FromSeconds(timeoutSeconds));
        if (startTls == "nbd")
        {
            try
            {
                NbdStartTls.Negotiate(transport);
            }
            catch (Exception e) when (e is IOException or InvalidDataException)
            {
                transport.Dispose();
                throw new UsageException($"NBD negotiation with {target} failed: {e.Message}", "is it a qemu-nbd started with --tls-creds?");
            }
        }

        using var session = TlsSession.Create(creds, hostname ?? target.Host, null, TlsEndpoint.Client, transport, registry, ownsTransport: true);
        TlsSessionInfo? info = null;
        long sent = 0, received = 0;
        var output = json ? new MemoryStream() : null;
        try
        {
            session.Establish();
            info = session.Info;
            PosixTcp.SetReceiveTimeout(transport, TimeSpan.Zero);
            if (!json)
            {
                TlsReport.Human("tls connect", info);
            }

            if (startTls == "nbd")
            {
                var exports = NbdStartTls.ListExports(session);
                NbdStartTls.Abort(session);
                var listing = System.Text.Encoding.UTF8.GetBytes(string.Concat(exports.Select(e => $"export: {e}\n")));
                (output ?? Std.OutStream).Write(listing);
                received = listing.Length;
                return Finish(json, target, info, output, received, sent);
            }

            var pump = Background(() =>
            {
                sent = Copy(Std.InStream, session);
                session.ShutdownWrite();
            });
            received = Copy(session, output ?? Std.OutStream);
            if (session.PeerTruncated)
            {
                Diagnostics.Warning("the server closed the connection without a TLS close_notify (the data may be truncated)");
            }

            // stdin may be a terminal still open: do not wait for it once the server has closed.
            pump.Join(TimeSpan.FromMilliseconds(200));
        }
        catch (QcryptoException e)
        {
            if (json)
            {
                JsonOutput.Write(w => TlsReport.Json(w, target.ToString(), info, e, received, sent));
                return ExitCodes.Invalid;
            }

            throw;
        }

        return Finish(json, target, info, output, received, sent);
    }

    private static int Finish(bool json, HostPort target, TlsSessionInfo? info, MemoryStream? output, long received, long sent)
    {
        if (json)
        {
            JsonOutput.Write(w =>
            {
                w.WriteStartObject();
                w.WritePropertyName("session");
                TlsReport.Json(w, target.ToString(), info, null, received, sent);
                w.WriteBase64String("received", output!.ToArray());
                w.WriteEndObject();
            });
        }

        return ExitCodes.Ok;
    }

    /// <summary>A plain background thread (the thread pool costs a short-lived process start-up time).</summary>
    internal static Thread Background(Action action)
    {
        var thread = new Thread(() => action()) { IsBackground = true };
        thread.Start();
        return thread;
    }

    internal static long Copy(Stream from, Stream to)
    {
        var buffer = new byte[16384];
        long total = 0;
        int n;
        while ((n = from.Read(buffer)) > 0)
        {
            to.Write(buffer, 0, n);
            total += n;
        }

        to.Flush();
        return total;
    }
}
