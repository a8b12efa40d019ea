using Qcrypto.Objects.Schema;

namespace Qcrypto.Objects;

/// <summary>
/// An <c>-object</c> line split into its parts, exactly as QEMU 7.2's option parser (QemuOpts, list
/// "object", implied first option "qom-type") splits it. Nothing here is validated against a type:
/// see <see cref="ObjectOptionsValidator"/>.
/// </summary>
public sealed class ObjectLine
{
    internal ObjectLine(string? type, string? id, IReadOnlyList<ObjectOption> options, bool helpRequested, int typePosition)
    {
        Type = type;
        Id = id;
        Options = options;
        HelpRequested = helpRequested;
        TypePosition = typePosition;
    }

    /// <summary>The object type: the first bare word, or the last <c>qom-type=</c>; null if neither.</summary>
    public string? Type { get; }

    /// <summary>The first <c>id=</c> of the line (QEMU takes the first), or null.</summary>
    public string? Id { get; }

    /// <summary>Every other option in the order given, duplicates and help options included.</summary>
    public IReadOnlyList<ObjectOption> Options { get; }

    /// <summary>
    /// True when the type is <c>help</c> or <c>?</c>, or an option is named so (<c>help</c>,
    /// <c>help=1</c>, <c>nohelp</c>, <c>?=x</c>): list types or properties instead.
    /// </summary>
    public bool HelpRequested { get; }

    /// <summary>The element (from 1) that first gave the type, 0 when none did.</summary>
    public int TypePosition { get; }

    /// <summary>
    /// Deprecation warnings in QEMU's words (short-form booleans), except that a flag which may be part of
    /// a secret value (see <see cref="SecretSpill"/>) is named by its position, never by its text; the
    /// type's schema in <paramref name="catalog"/> says which properties may be secret.
    /// </summary>
    public IReadOnlyList<string> Warnings(ObjectTypeCatalog catalog) => WarningsFor(Type is null ? null : catalog.Find(Type)?.Schema);

    /// <summary>Parses one line; throws <see cref="Errors.ObjectOptionException"/> on a malformed id.</summary>
    public static ObjectLine Parse(string text) => ObjectLineParser.Parse(text);

    /// <summary>
    /// The options QEMU would use: for a name given more than once the last value wins, placed where
    /// that last occurrence stands.
    /// </summary>
    public IReadOnlyList<ObjectOption> EffectiveOptions()
    {
        var lastIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < Options.Count; i++)
        {
            lastIndex[Options[i].Name] = i;
        }

        var result = new List<ObjectOption>(lastIndex.Count);
        for (var i = 0; i < Options.Count; i++)
        {
            if (lastIndex[Options[i].Name] == i)
            {
                result.Add(Options[i]);
            }
        }

        return result;
    }

    /// <summary>The short-form warnings, with flags that may be secret named by position (<paramref name="schema"/> decides).</summary>
    internal IReadOnlyList<string> WarningsFor(ObjectTypeSchema? schema)
    {
        var suspects = SecretSpill.Suspects(this, schema);
        var warnings = new List<string>();
        foreach (var option in Options)
        {
            if (option.Flag is null or "help" or "?")
            {
                continue;
            }

            warnings.Add(suspects.TryGetValue(option.Position, out var property)
                ? $"short-form boolean option in element {option.Position} of the line deprecated ({SecretSpill.Why(property)})"
                : $"short-form boolean option '{option.Flag}' deprecated. Please use {option.Name}={option.Value} instead");
        }

        return warnings;
    }

    /// <summary>
    /// The option names in the order QEMU's QemuOpts holds them (first occurrence; "qom-type" where it was
    /// given), then "id", which the options visitor appends.
    /// </summary>
    internal IEnumerable<string> QemuOptNames()
    {
        var names = new List<(int Position, string Name)>();
        if (Type is not null)
        {
            names.Add((TypePosition, "qom-type"));
        }

        names.AddRange(Options.Select(o => (o.Position, o.Name)));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (_, name) in names.OrderBy(n => n.Position))
        {
            if (seen.Add(name))
            {
                yield return name;
            }
        }

        if (Id is not null)
        {
            yield return "id";
        }
    }
}
