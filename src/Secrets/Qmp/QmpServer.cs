using System.Text;
using Qcrypto.Objects.Json;

namespace Qcrypto.Qmp;

/// <summary>
/// QMP over a byte stream, as QEMU 7.2's monitor runs it on <c>-qmp stdio</c>: the greeting, then each
/// JSON value of the input (split by QEMU's own JSON lexer and streamer, so malformed input gets QEMU's
/// "JSON parse error, ..." replies) answered on one line (CRLF-terminated, as QEMU's monitor writes them). Ends on quit or at the end of the input.
/// </summary>
public sealed class QmpServer(QmpSession session)
{
    public QmpSession Session { get; } = session;

    /// <summary>Serves until quit (true) or the end of <paramref name="input"/> (false); I/O errors propagate.</summary>
    public bool Run(Stream input, Stream output)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        Write(output, Session.Greeting());

        var pending = new Queue<(QObject? Value, string? Error)>();
        var streamer = new QemuJsonStreamer(JsonObjectOptions.SensitiveNames(Session.Registry.Catalog), (value, error) => pending.Enqueue((value, error)));
        var lexer = new QemuJsonLexer(streamer);
        var buffer = new byte[4096];
        while (true)
        {
            var read = input.Read(buffer, 0, buffer.Length);
            if (read == 0)
            {
                return false;
            }

            // Byte by byte, so that nothing after a quit is even parsed (QEMU stops reading there).
            for (var i = 0; i < read; i++)
            {
                lexer.Feed(buffer.AsSpan(i, 1));
                while (pending.TryDequeue(out var message))
                {
                    foreach (var reply in Session.Handle(message.Value, message.Error))
                    {
                        Write(output, reply);
                    }

                    if (Session.QuitRequested)
                    {
                        return true;
                    }
                }
            }
        }
    }

    // monitor_puts turns every "\n" into "\r\n": QEMU's QMP lines end in CRLF.
    private static void Write(Stream output, QDict message)
    {
        output.Write(Encoding.UTF8.GetBytes(QmpJsonWriter.Write(message) + "\r\n"));
        output.Flush();
    }
}
