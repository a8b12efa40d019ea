using Qcrypto.Tls.Creds;

namespace Qcrypto.Tls.Checks;

/// <summary>One file of the directory as the report shows it: what it holds, never key material.</summary>
public sealed record CertDirFileSummary(string Name, string Role, IReadOnlyList<string> Details);

/// <summary>The outcome of checking one directory.</summary>
public sealed class CertDirReport
{
    internal CertDirReport(CertDirCheckOptions options, string qemuObject, bool qemuLoads, IReadOnlyList<CertDirFinding> findings, IReadOnlyList<CertDirFileSummary> files)
    {
        Options = options;
        QemuObject = qemuObject;
        QemuLoads = qemuLoads;
        Findings = findings;
        Files = files;
    }

    public CertDirCheckOptions Options { get; }

    public string Dir => Options.Dir;

    public TlsEndpoint Endpoint => Options.Endpoint;

    /// <summary>The -object line the verdict comes from (passwordid shown by id only).</summary>
    public string QemuObject { get; }

    /// <summary>Whether creating the tls-creds-x509 object (QEMU 7.2's checks, GnuTLS's loading) succeeded.</summary>
    public bool QemuLoads { get; }

    public IReadOnlyList<CertDirFinding> Findings { get; }

    /// <summary>True when QEMU loads the directory but no session can work (a key no handshake can use, a priority GnuTLS refuses).</summary>
    public bool SessionsFail => Findings.Any(f => f.Severity == FindingSeverity.Error && f.Code is "handshake-impossible" or TlsErrorCodes.Priority);

    public IReadOnlyList<CertDirFileSummary> Files { get; }

    public int Errors => Findings.Count(f => f.Severity == FindingSeverity.Error);

    public int Warnings => Findings.Count(f => f.Severity == FindingSeverity.Warning);

    /// <summary>0 no errors (warnings allowed), 1 errors found.</summary>
    public int ExitCode => Errors > 0 ? 1 : 0;
}
