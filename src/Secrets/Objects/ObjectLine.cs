namespace Qcrypto.Objects;

/// <summary>
/// An <c>-object</c> line split into its parts, exactly as QEMU 7.2's option parser (QemuOpts, list
/// "object", implied first option "qom-type") splits it. Nothing here is validated against a type:
/// see <see cref="ObjectOptionsValidator"/>.
/// </summary>
public sealed class ObjectLine
{
    internal ObjectLine(string? type, string? id, IReadOnlyList<ObjectOption> options, bool helpRequested, IReadOnlyList<string> warnings)
    {
        Type = type;
        Id = id;
        Options = options;
        HelpRequested = helpRequested;
        Warnings = warnings;
    }

    /// <summary>The object type: the first bare word, or the last <c>qom-type=</c>; null if neither.</summary>
    public string? Type { get; }

    /// <summary>The first <c>id=</c> of the line (QEMU takes the first), or null.</summary>
    public string? Id { get; }

    /// <summary>Every other option in the order given, duplicates included.</summary>
    public IReadOnlyList<ObjectOption> Options { get; }

    /// <summary>
    /// True when the type is <c>help</c> or <c>?</c>, or an option is named so (<c>help</c>,
    /// <c>help=1</c>, <c>nohelp</c>, <c>?=x</c>): list types or properties instead.
    /// </summary>
    public bool HelpRequested { get; }

    /// <summary>Deprecation warnings in QEMU's words (short-form booleans).</summary>
    public IReadOnlyList<string> Warnings { get; }

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
}
