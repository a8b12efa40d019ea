using Qcrypto.Errors;

namespace Qcrypto.Tls.Checks;

/// <summary>How bad a finding is: an error means the emulator refuses the directory (or a check you asked for failed).</summary>
public enum FindingSeverity
{
    Warning,
    Error,
}

/// <summary>
/// One problem in a credentials directory: its severity, the file it is about (a name inside the directory,
/// or null for the directory as a whole), the stable code of the check (see <see cref="CheckRules"/>),
/// a message, and a one-line fix as data (<see cref="Advice"/>: a front end words its actions).
/// <see cref="QemuMessage"/> is set when the finding is the emulator's own error, word for word.
/// </summary>
public sealed record CertDirFinding(FindingSeverity Severity, string Code, string? File, string Message, Advice? Fix)
{
    /// <summary>The fix as one line in the library's words.</summary>
    public string? Hint => Fix?.ToString();

    /// <summary>QEMU's message, when this finding is the error creating tls-creds-x509 gave.</summary>
    public string? QemuMessage { get; init; }

    /// <summary>"error" or "warning".</summary>
    public string SeverityName => Severity == FindingSeverity.Error ? "error" : "warning";
}
