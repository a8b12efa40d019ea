using System.CommandLine;
using Qcrypto.Objects;
using Qcrypto.SecretObjects;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// <c>qcrypto secret decrypt</c>: creates the given objects exactly as an emulator would and prints the
/// plaintext of one secret, for scripts. Refuses to print to a terminal without --force, and warns
/// when the padding shows the key or IV is probably wrong (which QEMU itself does not notice).
/// </summary>
internal static class SecretDecryptCommand
{
    public static Command Create()
    {
        var objects = CommonOptions.Objects(required: true);
        var id = new Option<string>("--id") { HelpName = "ID", Description = "id of the secret to print", Required = true };
        var format = new Option<string>("--format")
        {
            Description = "print the plaintext raw (bytes as they are) or base64",
            DefaultValueFactory = _ => "raw",
        };
        format.AcceptOnlyFromAmong("raw", "base64");
        var force = new Option<bool>("--force") { Description = "print the plaintext even to a terminal" };
        var allow = CommonOptions.AllowWorldReadable();
        var json = CommonOptions.Json();
        var command = new Command("decrypt", "Resolve a secret through the object model and print its plaintext")
        {
            objects, id, format, force, allow, json,
        };
        command.SetAction(r => Run(r.GetValue(objects)!, r.GetValue(id)!, r.GetValue(format)!, r.GetValue(force), r.GetValue(allow), r.GetValue(json)));
        return command;
    }

    private static int Run(string[] lines, string id, string format, bool force, bool allowWorldReadable, bool json)
    {
        if (!force && !Console.IsOutputRedirected)
        {
            throw new UsageException("refusing to print a secret to a terminal", "redirect stdout to a file or pipe, or pass --force");
        }

        using var registry = ObjectLineProcessor.Build(lines, allowWorldReadable);
        var secret = registry.Find(id) as SecretCommon;
        using var lease = registry.Secrets.Bytes(id);
        if (json)
        {
            JsonOutput.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("id", id);
                w.WriteString("type", secret!.TypeName);
                w.WriteNumber("bytes", lease.Length);
                w.WriteString("format", "base64");
                w.WriteBase64String("data", lease.Bytes);
                if (secret.PaddingValid is { } valid)
                {
                    w.WriteBoolean("padding_valid", valid);
                }

                w.WriteBoolean("utf8", SecretLookup.IsQemuUtf8(lease.Bytes));
                JsonOutput.WriteWarnings(w, secret.Warnings);
                w.WriteEndObject();
            });
            return ExitCodes.Ok;
        }

        var stdout = Std.OutStream;
        if (format == "base64")
        {
            using var encoded = registry.Secrets.Base64(id);
            stdout.Write(encoded.Span);
            stdout.Write("\n"u8);
        }
        else
        {
            stdout.Write(lease.Bytes);
        }

        return ExitCodes.Ok;
    }
}
