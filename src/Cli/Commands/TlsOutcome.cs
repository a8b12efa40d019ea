using Qcrypto.Errors;
using Qcrypto.Tls;
using Qcrypto.Tls.Sessions;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// How a `tls serve`/`tls connect` session ended, judged once both directions have stopped: the exit code, the error
/// (with its hint and the peer's alert) or a warning. Exit 1: the session failed (handshake, the peer's checks or
/// alerts, the peer resetting or closing the connection before our data was through); exit 2: we could not run
/// (stdin/stdout failing, a bug); 141 when stdout's reader closed it (`| head`: see <see cref="ExitCodes.ReaderGone"/>);
/// exit 0 otherwise.
/// </summary>
internal sealed record TlsOutcome(int ExitCode, QcryptoException? Error, string? Warning = null)
{
    private const int InvalidSession = -10; // GNUTLS_E_INVALID_SESSION

    public static TlsOutcome Ok { get; } = new(ExitCodes.Ok, null);

    /// <summary>True when stdout's reader went away: stop without a word more, as a filter does.</summary>
    public bool OutputClosed { get; private init; }

    public static TlsOutcome Judge(TlsPump pump, string peer)
    {
        // A write after the reader saw the connection end fails with "session invalidated": a consequence, not news.
        var writeFailure = pump.WriteFailure is { GnuTlsError: InvalidSession } ? null : pump.WriteFailure;
        if (pump.ReadFailure is { } read && (read.Alert is not null || writeFailure is null || !pump.Aborted))
        {
            if (read.Alert is null && read.Errno == TlsTransportError.ECONNRESET && pump.Received == 0 && read.Stage is not TlsStage.Handshake)
            {
                // The silent refusal below, when our data reached the peer before it closed: its kernel answers with a reset.
                return Failed(new TlsSessionException(read.Code, read.QemuMessage, read.ObjectId, RightAfterHandshake(peer), read)
                    { Stage = read.Stage, GnuTlsError = read.GnuTlsError, Errno = read.Errno });
            }

            // The most specific account: an alert, or the reader's view of a reset.
            return Failed(read);
        }

        if (writeFailure is { } write)
        {
            return Failed(write);
        }

        if (pump.ReadFailure is { } other)
        {
            return Failed(other);
        }

        if (pump.InputError is { } input)
        {
            return new(ExitCodes.Usage, new ToolError("stdin-read", $"cannot read standard input: {input.Message}", null));
        }

        if (pump.OutputError is { } output)
        {
            return output is ReaderGoneException
                ? new(ExitCodes.ReaderGone, null) { OutputClosed = true }
                : new(ExitCodes.Usage, new ToolError("stdout-write", $"cannot write to standard output: {output.Message}", null));
        }

        if (pump.Unexpected is { } bug)
        {
            return new(ExitCodes.Usage, ToolError.Internal(bug));
        }

        if (pump.PeerTruncated && pump.Received == 0)
        {
            // Not a word, and no close_notify: how a QEMU server refuses a client after the handshake (no alert either).
            return Failed(new TlsSessionException(TlsErrorCodes.Session, $"the {peer} closed the connection right after the handshake, without a TLS close_notify",
                null, RightAfterHandshake(peer)));
        }

        return pump.PeerTruncated
            ? Ok with { Warning = $"the {peer} closed the connection without a TLS close_notify (the data may be truncated)" }
            : Ok;
    }

    public static TlsOutcome Failed(QcryptoException e) => new(ExitCodes.Invalid, e);

    private static string RightAfterHandshake(string peer) => peer == "server"
        ? "it most likely refused us after the handshake: a QEMU server checks the client certificate then (no client-cert.pem, a CA it does not " +
          "trust, its tls-authz) and closes without an alert; see its log"
        : "the client went away right after the handshake: it may have refused our certificate (a TLS client that does not trust " +
          "our CA may just close), or it was stopped; see its log";
}

/// <summary>A failure of the tool itself rather than of the session (stdin, stdout, the network, a bug).</summary>
internal sealed class ToolError(string code, string message, string? hint) : QcryptoException(code, message, null, null, hint, null)
{
    public static ToolError Internal(Exception e) =>
        new("internal-error", $"internal error ({e.GetType().Name})", "please report this with the command line (minus any secret)");
}
