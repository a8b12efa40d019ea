using System.CommandLine;
using Qcrypto.Tls.Checks;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// <c>qcrypto explain TEXT|CODE</c>: what a pasted QEMU/GnuTLS/libvirt TLS or secret error message (or a certdir
/// finding code, a GnuTLS error number, a verification status like 0x142) means, its likely causes and the fix,
/// from the table the checker uses.
/// </summary>
internal static class ExplainCommand
{
    public static Command Create()
    {
        var text = new Argument<string[]>("TEXT")
        {
            Description = "an error message (quoted or not), a finding code, a GnuTLS error (-64 or GNUTLS_E_FILE_ERROR), a status (0x142); '-' or nothing reads stdin",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var list = new Option<bool>("--list") { Description = "list every entry of the table" };
        var json = CommonOptions.Json();
        var command = new Command("explain", "Explain a QEMU/GnuTLS TLS or secret error message, or a certdir finding code") { list, json, text };
        command.SetAction(r => Run(r.GetValue(text) ?? [], r.GetValue(list), r.GetValue(json)));
        return command;
    }

    private static int Run(string[] words, bool list, bool json)
    {
        IReadOnlyList<ExplainEntry> entries;
        string query;
        if (list)
        {
            query = "--list";
            entries = ExplainTable.All;
        }
        else
        {
            query = words.Length == 0 || (words.Length == 1 && words[0] == "-") ? ReadStdin() : string.Join(' ', words);
            if (string.IsNullOrWhiteSpace(query))
            {
                throw new UsageException("nothing to explain", "paste the error message: qcrypto explain 'Unable to access credentials /etc/pki/qemu/ca-cert.pem: No such file or directory'");
            }

            // Log prefixes ("qemu-system-x86_64: ", "error: ") carry no meaning.
            entries = ExplainTable.Lookup(query);
        }

        if (json)
        {
            JsonOutput.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("query", query);
                w.WriteBoolean("found", entries.Count > 0);
                w.WriteStartArray("explanations");
                foreach (var e in entries)
                {
                    w.WriteStartObject();
                    w.WriteString("id", e.Id);
                    w.WriteString("source", e.Source);
                    JsonOutput.WriteOptional(w, "code", e.Code);
                    w.WriteString("title", e.Title);
                    w.WriteStartArray("causes");
                    foreach (var cause in e.Causes)
                    {
                        w.WriteStringValue(cause.Render(CliWords.Word));
                    }

                    w.WriteEndArray();
                    w.WriteString("fix", e.Fix.Render(CliWords.Word));
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
            return entries.Count > 0 ? ExitCodes.Ok : ExitCodes.Invalid;
        }

        if (entries.Count == 0)
        {
            Diagnostics.Error("no explanation known for this text", "qcrypto explain --list shows every message and code the table knows");
            return ExitCodes.Invalid;
        }

        var first = true;
        foreach (var e in entries)
        {
            if (!first)
            {
                Std.Out.WriteLine();
            }

            first = false;
            var source = e.Source switch { "qemu" => "QEMU", "gnutls" => "GnuTLS", "libvirt" => "libvirt", _ => "certdir check" };
            Std.Out.WriteLine($"{e.Id}: {e.Title}");
            Std.Out.WriteLine($"  from: {source}{(e.Code is not null ? $" (code {e.Code})" : string.Empty)}");
            Std.Out.WriteLine(e.Causes.Count == 1 && e.Source == "check" ? "  means:" : "  likely causes:");
            foreach (var cause in e.Causes)
            {
                Std.Out.WriteLine($"    - {cause.Render(CliWords.Word)}");
            }

            Std.Out.WriteLine($"  fix: {e.Fix.Render(CliWords.Word)}");
        }

        return ExitCodes.Ok;
    }

    private static string ReadStdin()
    {
        using var reader = new StreamReader(Std.InStream, System.Text.Encoding.UTF8, false, 4096, leaveOpen: true);
        var buffer = new char[1 << 16];
        var n = reader.ReadBlock(buffer, 0, buffer.Length);
        return new string(buffer, 0, n);
    }
}
