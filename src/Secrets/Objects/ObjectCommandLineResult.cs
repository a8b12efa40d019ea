namespace Qcrypto.Objects;

/// <summary>The outcome of every line of a command line (see <see cref="ObjectCommandLine"/>).</summary>
/// <param name="Lines">One outcome per line, in line order.</param>
/// <param name="HelpLine">The line QEMU prints help for (and then exits 0), or null.</param>
public sealed record ObjectCommandLineResult(IReadOnlyList<ObjectLineOutcome> Lines, int? HelpLine)
{
    /// <summary>The outcomes in the order QEMU 7.2 gets to them.</summary>
    public IEnumerable<ObjectLineOutcome> InQemuOrder => Lines.OrderBy(l => l.Rank);

    /// <summary>The error QEMU 7.2 reports (it stops there), or null when it accepts the lines or prints help.</summary>
    public ObjectLineOutcome? FirstError => HelpLine is null ? InQemuOrder.FirstOrDefault(l => l.Error is not null) : null;

    public bool Ok => HelpLine is null && Lines.All(l => l.Ok);
}
