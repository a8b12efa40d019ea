using System.CommandLine;
using Qcrypto.Objects;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// <c>qcrypto object check --object LINE...</c>: validates every line against QEMU 7.2's schema and
/// creates the objects this library runs (so secrets are really loaded and decrypted), reporting every
/// problem with QEMU's words, the object id, the property and a hint.
/// </summary>
public static class ObjectCheckCommand
{
    public static Command Create()
    {
        var objects = CommonOptions.Objects(required: true);
        var allow = CommonOptions.AllowWorldReadable();
        var json = CommonOptions.Json();
        var command = new Command("check", "Validate -object lines (any seed type) and load the ones qcrypto implements")
        {
            objects, allow, json,
        };
        command.SetAction(r => Run(r.GetValue(objects)!, r.GetValue(allow), r.GetValue(json)));
        return command;
    }

    private static int Run(string[] lines, bool allowWorldReadable, bool json)
    {
        using var registry = Registries.Create(allowWorldReadable);
        var help = lines.Select(TryHelp).FirstOrDefault(h => h.Requested);
        if (help.Requested)
        {
            ObjectHelp.Print(registry.Catalog, help.Type, Std.Out);
            return ExitCodes.Ok;
        }

        var results = ObjectLineProcessor.Run(registry, lines);
        var ok = results.All(r => r.Ok);
        if (json)
        {
            JsonOutput.Write(w =>
            {
                w.WriteStartObject();
                w.WriteBoolean("ok", ok);
                w.WriteStartArray("objects");
                foreach (var r in results)
                {
                    w.WriteStartObject();
                    w.WriteNumber("index", r.Index);
                    JsonOutput.WriteOptional(w, "type", r.Type);
                    JsonOutput.WriteOptional(w, "id", r.Id);
                    w.WriteBoolean("ok", r.Ok);
                    if (r.Object is { } obj)
                    {
                        w.WriteBoolean("implemented", !obj.Type.IsSchemaOnly);
                        w.WriteString("canonical", obj.ToObjectLine());
                    }

                    w.WriteStartArray("deprecations");
                    foreach (var d in r.ParseWarnings)
                    {
                        w.WriteStringValue(d);
                    }

                    w.WriteEndArray();
                    JsonOutput.WriteWarnings(w, r.Object?.Warnings ?? []);
                    if (r.Error is { } e)
                    {
                        JsonOutput.WriteError(w, "error", e);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }
        else
        {
            foreach (var r in results)
            {
                var label = $"#{r.Index + 1} {r.Type ?? "?"} '{r.Id ?? "?"}'";
                if (r.Object is { } obj)
                {
                    Std.Out.WriteLine($"ok      {label}{(obj.Type.IsSchemaOnly ? " (validated; not run by qcrypto)" : " (loaded)")}");
                    Std.Out.WriteLine($"        {obj.ToObjectLine()}");
                }
                else
                {
                    Std.Out.WriteLine($"error   {label}: {r.Error!.Message} [{r.Error.Code}]");
                    if (r.Error.Hint is not null)
                    {
                        Std.Out.WriteLine($"        hint: {r.Error.Hint}");
                    }
                }

                foreach (var d in r.ParseWarnings)
                {
                    Std.Out.WriteLine($"warning {label}: {d}");
                }

                foreach (var warning in r.Object?.Warnings ?? [])
                {
                    Std.Out.WriteLine($"warning {label}: {warning.Message} [{warning.Code}]");
                    if (warning.Hint is not null)
                    {
                        Std.Out.WriteLine($"        hint: {warning.Hint}");
                    }
                }
            }

            var errors = results.Count(r => !r.Ok);
            Std.Out.WriteLine(errors == 0 ? $"{results.Count} object(s) ok" : $"{errors} of {results.Count} object(s) failed");
        }

        return ok ? ExitCodes.Ok : ExitCodes.Invalid;
    }

    private static (bool Requested, string? Type) TryHelp(string line)
    {
        try
        {
            var parsed = ObjectLine.Parse(line);
            return (parsed.HelpRequested, parsed.Type);
        }
        catch (Errors.QcryptoException)
        {
            return (false, null);
        }
    }
}
