namespace Qcrypto.Interop.Tests;

/// <summary>One QEMU run: the lines given as <c>-object</c> options in order (all but the last are set-up).</summary>
/// <param name="HostDependent">
/// QEMU may fail creating the object for host reasons we do not model (a chardev, a file, the page size,
/// a missing build option): a QEMU creation failure is then not compared when we accept.
/// </param>
internal sealed record OracleCase(IReadOnlyList<string> Lines, bool HostDependent = false);

internal enum OracleVerdictKind
{
    Accepted,
    Rejected,
    Help,
}

/// <summary>
/// What happened: accepted, help printed, or rejected with QEMU's message. <see cref="Line"/> is the
/// index of the line whose *options* were refused (QEMU prefixes those with "-object LINE:"), null for
/// a failure while creating the object.
/// </summary>
internal sealed record OracleVerdict(OracleVerdictKind Kind, string? Message = null, int? Line = null, string? Hint = null)
{
    public static readonly OracleVerdict Accepted = new(OracleVerdictKind.Accepted);
    public static readonly OracleVerdict Help = new(OracleVerdictKind.Help);

    public bool SameAs(OracleVerdict qemu) =>
        Kind == qemu.Kind && Message == qemu.Message && Line == qemu.Line
        && (qemu.Hint is null || Hint == qemu.Hint);

    public override string ToString() => Kind switch
    {
        OracleVerdictKind.Rejected => $"rejected {(Line is { } l ? $"option of line {l}" : "at creation")}: {Message}{(Hint is null ? "" : $" [hint: {Hint}]")}",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}

/// <summary>Our verdict, following QEMU 7.2's order (see <see cref="ObjectCommandLine"/>): every line's options, help, then creation stage by stage.</summary>
internal static class OracleOurs
{
    public static OracleVerdict Evaluate(OracleCase c)
    {
        using var registry = OracleCatalog.CreateRegistry();
        try
        {
            return Evaluate(ObjectCommandLine.Run(registry, c.Lines));
        }
        catch (Exception e)
        {
            return new OracleVerdict(OracleVerdictKind.Rejected, $"CRASH {e.GetType().Name}: {e.Message}", -1);
        }
    }

    public static OracleVerdict Evaluate(ObjectCommandLineResult result)
    {
        if (result.HelpLine is not null)
        {
            // QEMU prints the types or the type's properties and exits (main exits 0).
            return OracleVerdict.Help;
        }

        if (result.FirstError is { Error: { } e } first)
        {
            return new OracleVerdict(OracleVerdictKind.Rejected, e.QemuMessage, first.Phase == ObjectPhase.Options ? first.Index : null, e.Hint);
        }

        return OracleVerdict.Accepted;
    }
}
