using Qcrypto.Errors;
using Qcrypto.Tls;
using Qcrypto.Tls.Sessions;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// How a `tls serve`/`tls connect` session ended, judged once both directions have stopped: the exit code, the error
/// (with its hint and the peer's alert) or a warning. Exit 1: the session failed (handshake, the peer's checks or
/// alerts, the peer resetting or closing the connection before our data was through); exit 2: we could not run
/// (stdin/stdout failing, a bug); exit 0 otherwise, also when stdout's reader closed it (`| head`).
/// </summary>
internal sealed record TlsOutcome(int ExitCode, QcryptoException? Error, string? Warning = null)
{
    private const int EPIPE = 32;

    public static TlsOutcome Ok { get; } = new(ExitCodes.Ok, null);

    /// <summary>True when stdout's reader went away: stop quietly, as a filter does.</summary>
    public bool OutputClosed { get; private init; }

    public static TlsOutcome Judge(TlsPump pump, string peer)
    {
        if (pump.ReadFailure is { } read && (read.Alert is not null || pump.WriteFailure is null || !pump.Aborted))
        {
            // The most specific account: an alert, or the reader's view of a reset.
            return Failed(read);
        }

        if (pump.WriteFailure is { } write)
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
            return TlsTransportError.Errno(output) == EPIPE
                ? Ok with { OutputClosed = true }
                : new(ExitCodes.Usage, new ToolError("stdout-write", $"cannot write to standard output: {output.Message}", null));
        }

        if (pump.Unexpected is { } bug)
        {
            return new(ExitCodes.Usage, ToolError.Internal(bug));
        }

        return pump.PeerTruncated
            ? Ok with { Warning = $"the {peer} closed the connection without a TLS close_notify (the data may be truncated)" }
            : Ok;
    }

    public static TlsOutcome Failed(QcryptoException e) => new(ExitCodes.Invalid, e);
}

/// <summary>A failure of the tool itself rather than of the session (stdin, stdout, the network, a bug).</summary>
internal sealed class ToolError(string code, string message, string? hint) : QcryptoException(code, message, null, null, hint, null)
{
    public static ToolError Internal(Exception e) =>
        new("internal-error", $"internal error ({e.GetType().Name})", "please report this with the command line (minus any secret)");
}
