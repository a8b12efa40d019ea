using Qcrypto.Errors;
using Qcrypto.Objects.Json;

namespace Qcrypto.Objects;

/// <summary>
/// Runs <c>-object</c> lines the way QEMU 7.2's command line does (softmmu/vl.c): every line is parsed and
/// its options checked first, in order (id, duplicate ids, help, type, options); only then are objects
/// created: the pre-sandbox types, then the early ones, then the late ones (memory backends, filters,
/// rng-egd, ...), each stage in line order. QEMU stops at the first error; we go on so that every problem
/// is reported, and say which one QEMU reports (<see cref="ObjectCommandLineResult.FirstError"/>).
/// </summary>
/// <remarks>
/// Because of this order a keyid naming an object QEMU creates later finds nothing ("No secret with id
/// 'm'"), and a secret's error comes before that of a memory backend given before it. A line asking for
/// help is where QEMU prints help and exits, if no earlier line's options failed: nothing after it counts.
/// </remarks>
public static class ObjectCommandLine
{
    public static ObjectCommandLineResult Run(ObjectRegistry registry, IReadOnlyList<string> lines)
    {
        var outcomes = new ObjectLineOutcome[lines.Count];
        var validated = new ValidatedObjectOptions?[lines.Count];
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        var rank = 0;
        var optionError = false;
        var barrier = false;
        int? help = null;

        for (var i = 0; i < lines.Count; i++)
        {
            if (barrier)
            {
                outcomes[i] = new ObjectLineOutcome(i, -1, null, null, ObjectPhase.NotReached, null, null, []);
                continue;
            }

            (outcomes[i], validated[i]) = Options(registry.Catalog, lines[i], i, rank++, claimed, optionError);
            if (outcomes[i].HelpRequested)
            {
                barrier = true;
                help = optionError ? null : i;
            }

            optionError |= outcomes[i].Error is not null;
        }

        if (help is null)
        {
            foreach (var stage in (CreationStage[])[CreationStage.PreSandbox, CreationStage.Early, CreationStage.Late])
            {
                for (var i = 0; i < lines.Count; i++)
                {
                    if (validated[i] is { } options && options.Type.Stage == stage)
                    {
                        outcomes[i] = Create(registry, options, outcomes[i], rank++);
                    }
                }
            }
        }

        for (var i = 0; i < lines.Count; i++)
        {
            if (outcomes[i].Rank < 0)
            {
                outcomes[i] = outcomes[i] with { Rank = rank++ };
            }
        }

        // Number the lines 0..n-1 in QEMU's order (a line created later was ranked twice).
        var order = outcomes.Select((o, i) => (o.Rank, i)).Order().Select(x => x.i).ToList();
        for (var r = 0; r < order.Count; r++)
        {
            outcomes[order[r]] = outcomes[order[r]] with { Rank = r };
        }

        return new ObjectCommandLineResult(outcomes, help);
    }

    /// <summary>QEMU's object_option_parse for one line: QemuOpts (id, duplicates), qom-type, help, then the options visitor.</summary>
    private static (ObjectLineOutcome Outcome, ValidatedObjectOptions? Options) Options(
        ObjectTypeCatalog catalog, string text, int index, int rank, HashSet<string> claimed, bool earlierError)
    {
        if (JsonObjectOptions.IsJson(text))
        {
            return JsonOptions(catalog, text, index, rank);
        }

        ObjectLine line;
        try
        {
            line = ObjectLine.Parse(text);
        }
        catch (QcryptoException e)
        {
            return (new ObjectLineOutcome(index, rank, null, null, ObjectPhase.Options, null, e, []), null);
        }

        ObjectLineOutcome Outcome(QcryptoException? error, IReadOnlyList<string> warnings, bool help = false) =>
            new(index, rank, line.Type, line.Id, help && earlierError ? ObjectPhase.NotReached : ObjectPhase.Options, null, error, warnings, help);

        // qemu_opts_create refuses a duplicate id before the rest of the line is parsed (no warnings yet).
        if (line.Id is not null && !claimed.Add(line.Id))
        {
            return (Outcome(new ObjectOptionException(ErrorCodes.DuplicateId, $"Duplicate ID '{line.Id}' for object", line.Id, "id",
                "every -object needs its own id"), []), null);
        }

        var warnings = new List<string>();
        if (line.Type is not null && line.HelpRequested && ShowsHelp(line.Type))
        {
            warnings.AddRange(line.WarningsFor(catalog.Find(line.Type)?.Schema));
            return (Outcome(null, warnings, help: true), null);
        }

        try
        {
            var options = ObjectOptionsValidator.Validate(line, catalog, warnings);
            return (Outcome(null, warnings), options);
        }
        catch (QcryptoException e)
        {
            return (Outcome(e, warnings), null);
        }
    }

    /// <summary>
    /// The JSON form (first character '{'): parsed and visited at once, as QEMU does while it reads the command
    /// line. It has no help, no warnings, and its id is not one of QemuOpts' (a taken id fails at creation).
    /// </summary>
    private static (ObjectLineOutcome Outcome, ValidatedObjectOptions? Options) JsonOptions(ObjectTypeCatalog catalog, string text, int index, int rank)
    {
        try
        {
            var options = JsonObjectOptions.Validate(text, catalog);
            return (new ObjectLineOutcome(index, rank, options.Type.Name, options.Id, ObjectPhase.Options, null, null, []), options);
        }
        catch (QcryptoException e)
        {
            var (type, id) = JsonObjectOptions.TypeAndId(text);
            return (new ObjectLineOutcome(index, rank, type, id, ObjectPhase.Options, null, e, []), null);
        }
    }

    /// <summary>True when QEMU 7.2 prints help for <c>TYPE,help</c>: "help" itself, or a type it has a class for.</summary>
    public static bool ShowsHelp(string type) => type is "help" or "?" || QemuObjectTypes.HasClass(type);

    private static ObjectLineOutcome Create(ObjectRegistry registry, ValidatedObjectOptions options, ObjectLineOutcome parsed, int rank)
    {
        try
        {
            var obj = registry.Add(options);
            return parsed with { Rank = rank, Phase = ObjectPhase.Creation, Object = obj };
        }
        catch (QcryptoException e)
        {
            return parsed with { Rank = rank, Phase = ObjectPhase.Creation, Error = e };
        }
    }
}
