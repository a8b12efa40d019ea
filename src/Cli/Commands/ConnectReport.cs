using Qcrypto.Tls.Sessions;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// What `tls connect` tells at the end, whatever happened: with --json exactly one document (the session, its error
/// with the peer's alert, the bytes received), otherwise the error or warning with its hint on stderr.
/// </summary>
internal sealed class ConnectReport(string target, bool json)
{
    private readonly MemoryStream? _buffer = json ? new MemoryStream() : null;

    public bool Json => json;

    /// <summary>Where the peer's data goes: stdout, or (with --json) a buffer printed as base64 in the document.</summary>
    public Stream Output => _buffer ?? Std.OutStream;

    public TlsSessionInfo? Info { get; set; }

    public long Sent { get; set; }

    public long Received { get; set; }

    public int Finish(TlsOutcome outcome)
    {
        if (outcome.OutputClosed)
        {
            // stdout's reader went away: nothing more to say, to anyone.
            return outcome.ExitCode;
        }

        if (json)
        {
            JsonOutput.Write(w =>
            {
                w.WriteStartObject();
                w.WritePropertyName("session");
                TlsReport.Json(w, target, Info, outcome.Error, Received, Sent, outcome.Warning);
                w.WriteBase64String("received", _buffer!.ToArray());
                w.WriteEndObject();
            });
        }
        else if (outcome.Error is not null)
        {
            Diagnostics.Error(outcome.Error);
        }
        else if (outcome.Warning is not null)
        {
            Diagnostics.Warning(outcome.Warning);
        }

        return outcome.ExitCode;
    }
}
