using System.CommandLine;
using Qcrypto.Composition;
using Qcrypto.Objects;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// <c>qcrypto object check --object LINE...</c>: validates every line against QEMU 7.2's schema and
/// creates the objects this library runs (so secrets are really loaded and decrypted), reporting every
/// problem with QEMU's words, the object id, the property and a hint. Lines are reported in the order
/// QEMU 7.2 gets to them (every line's options first, then creation stage by stage), so the first error
/// listed is the one QEMU reports.
/// </summary>
internal static class ObjectCheckCommand
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
        using var registry = QcryptoCatalog.CreateRegistry(new ObjectRegistryOptions { AllowWorldReadableSecretFiles = allowWorldReadable });
        var result = ObjectLineProcessor.Run(registry, lines);
        if (result.HelpLine is { } help)
        {
            // QEMU prints the line's warnings, then the help, and exits 0.
            var line = result.Lines[help];
            foreach (var warning in line.Warnings)
            {
                Diagnostics.Warning($"object #{help + 1}: {warning}");
            }

            ObjectHelp.Print(registry.Catalog, line.Type, Std.Out);
            return ExitCodes.Ok;
        }

        if (json)
        {
            // Line order (objects[i].index == i), with each line's place in QEMU's order.
            WriteJson(result);
        }
        else
        {
            WriteHuman(result, [.. result.InQemuOrder]);
        }

        return result.Ok ? ExitCodes.Ok : ExitCodes.Invalid;
    }

    private static string Label(ObjectLineOutcome r) => $"#{r.Index + 1} {r.Type ?? "?"} '{r.Id ?? "?"}'";

    private static void WriteHuman(ObjectCommandLineResult result, List<ObjectLineOutcome> ordered)
    {
        foreach (var r in ordered)
        {
            var label = Label(r);
            if (r.Object is { } obj)
            {
                var status = !obj.Type.IsSchemaOnly ? " (loaded)" : obj.Type.IsModelled ? " (validated; not run by qcrypto)" : " (options checked; not modelled by qcrypto)";
                Std.Out.WriteLine($"ok      {label}{status}");
                Std.Out.WriteLine($"        {obj.ToObjectLine()}");
            }
            else if (r.Error is { } e)
            {
                Std.Out.WriteLine($"error   {label}: {e.Message} [{e.Code}]");
                if (CliWords.Render(e.Fix) is { } hint)
                {
                    Std.Out.WriteLine($"        hint: {hint}");
                }
            }
            else
            {
                Std.Out.WriteLine($"skipped {label}: {NotReached(r)}");
            }

            foreach (var d in r.Warnings)
            {
                Std.Out.WriteLine($"warning {label}: {d}");
            }

            foreach (var warning in ObjectWarnings(r))
            {
                Std.Out.WriteLine($"warning {label}: {warning.Message} [{warning.Code}]");
                if (warning.Hint is not null)
                {
                    Std.Out.WriteLine($"        hint: {warning.Hint}");
                }
            }
        }

        var errors = result.Lines.Count(r => !r.Ok);
        if (result.FirstError is { } first)
        {
            Std.Out.WriteLine($"QEMU 7.2 stops at the first error listed: {Label(first)} ({Where(first)})");
        }

        Std.Out.WriteLine(errors == 0 ? $"{result.Lines.Count} object(s) ok" : $"{errors} of {result.Lines.Count} object(s) failed");
    }

    private static void WriteJson(ObjectCommandLineResult result) => JsonOutput.Write(w =>
    {
        w.WriteStartObject();
        w.WriteBoolean("ok", result.Ok);
        if (result.FirstError is { } first)
        {
            w.WriteNumber("first_error", first.Index);
        }
        else
        {
            w.WriteNull("first_error");
        }

        w.WriteStartArray("objects");
        foreach (var r in result.Lines)
        {
            w.WriteStartObject();
            w.WriteNumber("index", r.Index);
            w.WriteNumber("qemu_order", r.Rank);
            JsonOutput.WriteOptional(w, "type", r.Type);
            JsonOutput.WriteOptional(w, "id", r.Id);
            w.WriteBoolean("ok", r.Ok);
            w.WriteString("phase", r.Phase switch
            {
                ObjectPhase.Options => "options",
                ObjectPhase.Creation => "creation",
                _ => "not-reached",
            });
            if (r.Object is { } obj)
            {
                w.WriteBoolean("implemented", !obj.Type.IsSchemaOnly);
                w.WriteBoolean("modelled", obj.Type.IsModelled);
                w.WriteString("canonical", obj.ToObjectLine());
            }

            w.WriteStartArray("deprecations");
            foreach (var d in r.Warnings)
            {
                w.WriteStringValue(d);
            }

            w.WriteEndArray();
            JsonOutput.WriteWarnings(w, ObjectWarnings(r));
            if (r.Error is { } e)
            {
                JsonOutput.WriteError(w, "error", e);
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    });

    /// <summary>
    /// The object's warnings; for a line that failed, still the note that QEMU 7.2 refuses its type (it is
    /// true whatever else is wrong with the line).
    /// </summary>
    private static IReadOnlyList<ObjectWarning> ObjectWarnings(ObjectLineOutcome r) => r switch
    {
        { Object: { } obj } => obj.Warnings,
        { Type: { } t } when QemuObjectTypes.RefusedSeedType(t) is { } refused => [new ObjectWarning("qemu-refuses-type", refused.Message, refused.Hint)],
        _ => [],
    };

    private static string Where(ObjectLineOutcome r) => r.Phase == ObjectPhase.Options
        ? "QEMU checks every line's options before it creates any object"
        : (r.Type is { } t ? QemuObjectTypes.StageOf(t) : CreationStage.Early) switch
        {
            CreationStage.PreSandbox => "while creating the objects made before the sandbox (thread-context)",
            CreationStage.Early => "while creating the early objects, before the late ones (memory backends, filters, ...)",
            _ => "while creating the late objects, after the early ones",
        };

    private static string NotReached(ObjectLineOutcome r) => r.HelpRequested
        ? "asks for help, which QEMU prints only if no earlier line's options fail"
        : "after a line asking for help: QEMU prints the help there and exits";
}
