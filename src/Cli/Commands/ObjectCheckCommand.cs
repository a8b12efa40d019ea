using System.CommandLine;
using Qcrypto.Cli.ObjectArguments;
using Qcrypto.Composition;
using Qcrypto.Errors;
using Qcrypto.Objects;
using Qcrypto.Objects.Argv;

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
        var objects = CommonOptions.Objects(required: false);
        var argv = new Option<string>("--argv")
        {
            HelpName = "FILE",
            Description = "check every -object of a whole emulator command line in FILE ('-': stdin), as ps shows it or libvirt logs it "
                + "(shell quoting and \\-newline continuations; environment assignments, the program and other options are skipped)",
        };
        var print = new Option<string>("--print")
        {
            HelpName = "FORM",
            Description = "print each argument converted to FORM (dotted or json) instead of the report; checks options only, creates nothing",
        };
        print.AcceptOnlyFromAmong("dotted", "json");
        var allow = CommonOptions.AllowWorldReadable();
        var json = CommonOptions.Json();
        var command = new Command("check", "Validate -object arguments (dotted or JSON, any seed type) and load the ones qcrypto implements")
        {
            objects, argv, print, allow, json,
        };
        command.SetAction(r => Run(r.GetValue(objects) ?? [], r.GetValue(argv), r.GetValue(print), r.GetValue(allow), r.GetValue(json)));
        return command;
    }

    private static int Run(string[] given, string? argvFile, string? print, bool allowWorldReadable, bool json)
    {
        var lines = new List<string>(given);
        var origins = new List<string?>(given.Select(_ => (string?)null));
        var argvErrors = new List<EmulatorObject>();
        if (argvFile is not null)
        {
            foreach (var o in ArgvInput.Read(argvFile))
            {
                if (o.Error is not null)
                {
                    argvErrors.Add(o);
                    continue;
                }

                lines.Add(o.Argument!);
                origins.Add($"{o.Line}:{o.Column}");
            }
        }

        if (lines.Count == 0 && argvErrors.Count == 0)
        {
            throw new UsageException(argvFile is null ? "no object given" : $"{argvFile}: the command line has no -object",
                "give --object ARG, --object-file FILE or --argv FILE");
        }

        if (print is not null)
        {
            return Print(lines, print, json, allowWorldReadable);
        }

        return Check(lines, origins, argvErrors, allowWorldReadable, json);
    }

    private static int Print(List<string> lines, string form, bool json, bool allowWorldReadable)
    {
        using var registry = QcryptoCatalog.CreateRegistry(new ObjectRegistryOptions { AllowWorldReadableSecretFiles = allowWorldReadable });
        var results = lines.Select(l =>
        {
            try
            {
                return (Text: (string?)ObjectPrint.Convert(l, form, registry.Catalog), Error: (QcryptoException?)null);
            }
            catch (QcryptoException e)
            {
                return (null, e);
            }
        }).ToList();

        if (json)
        {
            JsonOutput.Write(w =>
            {
                w.WriteStartObject();
                w.WriteBoolean("ok", results.All(r => r.Error is null));
                w.WriteString("form", form);
                w.WriteStartArray("objects");
                for (var i = 0; i < results.Count; i++)
                {
                    w.WriteStartObject();
                    w.WriteNumber("index", i);
                    JsonOutput.WriteOptional(w, "printed", results[i].Text);
                    if (results[i].Error is { } e)
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
            for (var i = 0; i < results.Count; i++)
            {
                if (results[i].Text is { } text)
                {
                    Std.Out.WriteLine(text);
                }
                else
                {
                    Diagnostics.Error($"object #{i + 1}: {results[i].Error!.Message}", CliWords.Render(results[i].Error!.Fix));
                }
            }
        }

        return results.All(r => r.Error is null) ? ExitCodes.Ok : ExitCodes.Invalid;
    }

    private static int Check(List<string> lines, List<string?> origins, List<EmulatorObject> argvErrors, bool allowWorldReadable, bool json)
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

        _origins = origins;
        if (json)
        {
            // Line order (objects[i].index == i), with each line's place in QEMU's order.
            WriteJson(result, argvErrors);
        }
        else
        {
            WriteHuman(result, [.. result.InQemuOrder], argvErrors);
        }

        return result.Ok && argvErrors.Count == 0 ? ExitCodes.Ok : ExitCodes.Invalid;
    }

    // Where each argument came from in an --argv file ("line:column"), null for --object.
    private static List<string?> _origins = [];

    private static string Label(ObjectLineOutcome r) =>
        $"#{r.Index + 1} {r.Type ?? "?"} '{r.Id ?? "?"}'{(_origins.ElementAtOrDefault(r.Index) is { } at ? $" (argv {at})" : "")}";

    private static void WriteHuman(ObjectCommandLineResult result, List<ObjectLineOutcome> ordered, List<EmulatorObject> argvErrors)
    {
        // QEMU refuses an option it does not know before it reads any object.
        foreach (var a in argvErrors)
        {
            Std.Out.WriteLine($"error   argv {a.Line}:{a.Column}: {a.Error!.QemuMessage} [{a.Error.Code}]");
            if (CliWords.Render(a.Error.Fix) is { } hint)
            {
                Std.Out.WriteLine($"        hint: {hint}");
            }
        }

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
        if (argvErrors.Count > 0)
        {
            Std.Out.WriteLine($"QEMU 7.2 refuses the command line at its first invalid option: argv {argvErrors[0].Line}:{argvErrors[0].Column}");
        }
        else if (result.FirstError is { } first)
        {
            Std.Out.WriteLine($"QEMU 7.2 stops at the first error listed: {Label(first)} ({Where(first)})");
        }

        Std.Out.WriteLine(errors == 0 ? $"{result.Lines.Count} object(s) ok" : $"{errors} of {result.Lines.Count} object(s) failed");
    }

    private static void WriteJson(ObjectCommandLineResult result, List<EmulatorObject> argvErrors) => JsonOutput.Write(w =>
    {
        w.WriteStartObject();
        w.WriteBoolean("ok", result.Ok && argvErrors.Count == 0);
        if (argvErrors.Count > 0)
        {
            w.WriteStartArray("argv_errors");
            foreach (var a in argvErrors)
            {
                w.WriteStartObject();
                w.WriteNumber("line", a.Line);
                w.WriteNumber("column", a.Column);
                JsonOutput.WriteError(w, "error", a.Error!);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }

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
            if (_origins.ElementAtOrDefault(r.Index) is { } at)
            {
                w.WriteString("argv_at", at);
            }

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
