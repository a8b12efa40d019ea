using System.Text.Encodings.Web;
using System.Text.Json;
using Qcrypto.Errors;
using Qcrypto.Objects;

namespace Qcrypto.Cli;

/// <summary>Writes the one JSON document a <c>--json</c> run prints on stdout.</summary>
internal static class JsonOutput
{
    private static readonly JsonWriterOptions Options = new()
    {
        Indented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>True once this run printed its document: a failure after that adds none.</summary>
    public static bool DocumentWritten { get; private set; }

    public static void Write(Action<Utf8JsonWriter> body)
    {
        DocumentWritten = true;
        var stdout = Std.OutStream;
        using (var writer = new Utf8JsonWriter(stdout, Options))
        {
            body(writer);
        }

        stdout.Write("\n"u8);
    }

    /// <summary>
    /// A verb that fails before printing its document still prints one with <c>--json</c>, so a script always
    /// has one to parse: <c>{"ok": false, "exit_code": N, "error": {...}}</c>.
    /// </summary>
    public static void WriteFailure(IReadOnlyList<string> args, int exitCode, string code, string message, string? hint, QcryptoException? e = null)
    {
        if (DocumentWritten || !args.Contains("--json"))
        {
            return;
        }

        Write(w =>
        {
            w.WriteStartObject();
            w.WriteBoolean("ok", false);
            w.WriteNumber("exit_code", exitCode);
            if (e is not null)
            {
                WriteError(w, "error", e);
            }
            else
            {
                w.WriteStartObject("error");
                w.WriteString("code", code);
                w.WriteString("message", message);
                WriteOptional(w, "hint", hint);
                w.WriteEndObject();
            }

            w.WriteEndObject();
        });
    }

    public static void WriteError(Utf8JsonWriter w, string name, QcryptoException e)
    {
        w.WriteStartObject(name);
        w.WriteString("code", e.Code);
        w.WriteString("message", e.Message);
        w.WriteString("qemu_message", e.QemuMessage);
        WriteOptional(w, "object_id", e.ObjectId);
        WriteOptional(w, "property", e.Property);
        WriteOptional(w, "hint", CliWords.Render(e.Fix));
        w.WriteEndObject();
    }

    public static void WriteWarnings(Utf8JsonWriter w, IEnumerable<ObjectWarning> warnings)
    {
        w.WriteStartArray("warnings");
        foreach (var warning in warnings)
        {
            w.WriteStartObject();
            w.WriteString("code", warning.Code);
            w.WriteString("message", warning.Message);
            WriteOptional(w, "hint", warning.Hint);
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    public static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is null)
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteString(name, value);
        }
    }
}
