using System.CommandLine;
using System.Net.Sockets;
using Qcrypto.Errors;
using Qcrypto.Posix;
using Qcrypto.Tls;
using Qcrypto.Tls.Creds;
using Qcrypto.Tls.Protocols;
using Qcrypto.Tls.Sessions;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// <c>qcrypto tls connect</c>: like gnutls-cli, but with the exact -object credentials an emulator uses.
/// Sends stdin until EOF (then a TLS close_notify), prints what comes back until the peer closes.
/// </summary>
internal static class TlsConnectCommand
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
        var report = new ConnectReport(target.ToString(), json);
        try
        {
            return report.Finish(Connect(lines, credsId, hostname, target, startTls, timeoutSeconds, allow, report));
        }
        catch (QcryptoException e)
        {
            return report.Finish(TlsOutcome.Failed(e));
        }
        catch (UsageException e)
        {
            return report.Finish(new TlsOutcome(ExitCodes.Usage, new ToolError("tls-connect", e.Message, e.Hint)));
        }
    }

    private static TlsOutcome Connect(string[] lines, string credsId, string? hostname, HostPort target, string? startTls, int timeoutSeconds, bool allow,
        ConnectReport report)
    {
        using var registry = ObjectLineProcessor.Build(lines, allow);
        var creds = registry.Get<TlsCreds>(credsId);
        creds.CheckEndpoint(TlsEndpoint.Client);

        FdStream transport;
        try
        {
            // TLS sends small records (handshake messages, close_notify): PosixTcp disables Nagle, which would hold
            // them for the peer's delayed ACK, 40 ms a time (measured). QEMU's NBD client disables it too.
            transport = PosixTcp.Connect(target.Resolve(), target.Port, TimeSpan.FromSeconds(timeoutSeconds));
        }
        catch (SocketException e)
        {
            throw new UsageException($"cannot connect to {target}: {e.Message}");
        }

        TlsSession? session = null;
        var release = true;
        try
        {
            PosixTcp.SetReceiveTimeout(transport, TimeSpan.FromSeconds(timeoutSeconds));
            if (startTls == "nbd")
            {
                try
                {
                    NbdStartTls.Negotiate(transport);
                }
                catch (Exception e) when (e is IOException or InvalidDataException)
                {
                    throw new UsageException($"NBD negotiation with {target} failed: {e.Message}", "is it a qemu-nbd started with --tls-creds?");
                }
            }

            session = TlsSession.Create(creds, hostname ?? target.Host, null, TlsEndpoint.Client, transport, registry);
            session.Establish();
            report.Info = session.Info;
            PosixTcp.SetReceiveTimeout(transport, TimeSpan.Zero);
            if (!report.Json)
            {
                TlsReport.Human("tls connect", report.Info);
            }

            if (startTls == "nbd")
            {
                return ListExports(session, creds, report);
            }

            var pump = TlsPump.Run(session, Std.InStream, report.Output, closeNotifyAtEof: true, () => PosixTcp.Shutdown(transport));
            (report.Sent, report.Received, release) = (pump.Sent, pump.Received, pump.SessionReleased);
            return TlsOutcome.Judge(pump, "server");
        }
        finally
        {
            // A writer still inside the session (stuck on a peer that reads no more) must not see it freed: the process
            // ends right after, which frees it anyway.
            if (release)
            {
                session?.Dispose();
                transport.Dispose();
            }
        }
    }

    /// <summary>NBD over TLS: list the exports, then end the negotiation (a direct test of qemu-nbd --tls-creds).</summary>
    private static TlsOutcome ListExports(TlsSession session, TlsCreds creds, ConnectReport report)
    {
        try
        {
            var exports = NbdStartTls.ListExports(session);
            NbdStartTls.Abort(session);
            var listing = System.Text.Encoding.UTF8.GetBytes(string.Concat(exports.Select(e => $"export: {e}\n")));
            report.Output.Write(listing);
            report.Received = listing.Length;
            return TlsOutcome.Ok;
        }
        catch (IOException e) when (e.InnerException is TlsSessionException failure)
        {
            return TlsOutcome.Failed(failure);
        }
        catch (Exception e) when (e is EndOfStreamException || (e is IOException && session.PeerTruncated))
        {
            // qemu-nbd checks the client's certificate after the handshake and just closes the connection if it refuses.
            var hint = creds is TlsCredsX509 { HasKeyPair: false }
                ? "it most likely requires a client certificate (verify-peer=on, QEMU's default) and dir= has none: add client-cert.pem and client-key.pem"
                : "it most likely refused our credentials (QEMU checks the client certificate after the handshake: a CA it does not trust, or its tls-authz)";
            return TlsOutcome.Failed(new TlsSessionException(TlsErrorCodes.Session, "the NBD server closed the connection after the TLS handshake", creds.Id,
                hint + "; see the qemu-nbd log"));
        }
        catch (InvalidDataException e)
        {
            return TlsOutcome.Failed(new TlsSessionException(TlsErrorCodes.Session, $"NBD negotiation over TLS failed: {e.Message}", creds.Id,
                "is it a qemu-nbd started with --tls-creds?"));
        }
    }
}
