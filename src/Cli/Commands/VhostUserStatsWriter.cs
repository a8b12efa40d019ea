using System.Text;
using System.Text.Json;
using Qcrypto.Cryptodev.VhostUser.Backend;

namespace Qcrypto.Cli.Commands;

/// <summary>The daemon's statistics, as text or one JSON document per line.</summary>
internal static class VhostUserStatsWriter
{
    public static void Write(VhostUserCryptoServer server, bool json)
    {
        var counters = server.Statistics.Snapshot();
        var sessions = server.ActiveSessions;
        lock (Std.Out)
        {
            if (json)
            {
                using var buffer = new MemoryStream();
                using (var w = new Utf8JsonWriter(buffer))
                {
                    w.WriteStartObject();
                    w.WriteString("socket", server.Options.SocketPath);
                    w.WriteNumber("queues", server.Options.Queues);
                    w.WriteNumber("sessions-active", sessions);
                    foreach (var (name, value) in counters)
                    {
                        w.WriteNumber(name, value);
                    }

                    w.WriteEndObject();
                }

                buffer.WriteByte((byte)'\n');
                Std.OutStream.Write(buffer.ToArray());
                Std.OutStream.Flush();
                return;
            }

            var text = new StringBuilder();
            text.Append("vhost-user-crypto statistics (").Append(server.Options.SocketPath).Append(")\n");
            text.Append("  ").Append("sessions-active".PadRight(22)).Append(sessions).Append('\n');
            foreach (var (name, value) in counters)
            {
                text.Append("  ").Append(name.PadRight(22)).Append(value).Append('\n');
            }

            Std.Out.Write(text.ToString());
            Std.Out.Flush();
        }
    }

    /// <summary>BadDescriptorChain → bad-descriptor-chain (the codes as the CLI prints them).</summary>
    public static string Kebab(string name)
    {
        var text = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsUpper(c) && text.Length > 0)
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(c));
        }

        return text.ToString();
    }
}
