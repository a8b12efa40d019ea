namespace Qcrypto.TestCerts;

/// <summary>
/// One credentials directory and what QEMU makes of it. The verdicts are about creating
/// <c>-object tls-creds-x509,id=...,endpoint=&lt;Endpoint&gt;,dir=&lt;dir&gt;</c> with QEMU's defaults
/// (verify-peer=on, sanity-check=on), plus <c>passwordid=</c> naming a secret that holds
/// <see cref="KeyPassword"/> when there is one.
/// </summary>
/// <param name="Name">Short unique name (QEMU's test name for QEMU cases, e.g. "goodca2").</param>
/// <param name="Endpoint">The endpoint the directory is for.</param>
/// <param name="Files">The directory's files.</param>
public sealed record Scenario(string Name, Endpoint Endpoint, IReadOnlyList<CertDirFile> Files)
{
    private readonly Verdict? _qemu72Pre22;

    /// <summary>What the case is about, in a sentence.</summary>
    public string Description { get; init; } = "";

    /// <summary>
    /// QEMU 7.2 as Debian 12 ships it today (7.2.22, GnuTLS 3.7.9): the QEMU qcrypto matches, and the one the
    /// tests run (qemu-img --object tls-creds-x509) to confirm these verdicts.
    /// </summary>
    public Verdict Qemu72 { get; init; } = Verdict.Pass;

    /// <summary>
    /// QEMU 7.2.0 to 7.2.21, which still demanded keyEncipherment of a leaf whose keyUsage is critical
    /// (7.2.22 backported "crypto: stop requiring 'key encipherment' usage in x509 certs"). The same as
    /// <see cref="Qemu72"/> unless set.
    /// </summary>
    public Verdict Qemu72Pre22
    {
        get => _qemu72Pre22 ?? Qemu72;
        init => _qemu72Pre22 = value;
    }

    /// <summary>
    /// The expectation in QEMU's newer test table (tests/unit/test-crypto-tlscredsx509.c after the 2025 change that
    /// stopped requiring keyEncipherment on leaves); null for scenarios that are not in that table.
    /// </summary>
    public Verdict? NewerQemu { get; init; }

    /// <summary>The password of an encrypted key file, or null when keys are plain.</summary>
    public string? KeyPassword { get; init; }

    /// <summary>What is broken, for the directory-checker scenarios.</summary>
    public CertDirDefect Defect { get; init; } = CertDirDefect.None;

    /// <summary>The certificate in the endpoint's cert file (first in the file), when there is one.</summary>
    public IssuedCert? Leaf { get; init; }

    /// <summary>The certificates in ca-cert.pem, in file order.</summary>
    public IReadOnlyList<IssuedCert> CaCerts { get; init; } = [];

    /// <summary>The file with the given name, or null.</summary>
    public CertDirFile? File(string name) => Files.FirstOrDefault(f => f.Name == name);

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Endpoint.ToQemuName()}): 7.2 {Qemu72}";
}
