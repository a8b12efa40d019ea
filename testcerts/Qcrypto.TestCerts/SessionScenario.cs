namespace Qcrypto.TestCerts;

/// <summary>
/// A server directory, a client directory and what QEMU's post-handshake checks
/// (qcrypto_tls_session_check_credentials) say on each side, as in tests/unit/test-crypto-tlssession.c:
/// creds with verify-peer=on, priority=NORMAL and sanity-check=off (so problems surface in the session, not at
/// creation); the client session has <see cref="ClientHostname"/>; the server session has an authz-list with
/// policy deny and one glob "allow" rule per entry of <see cref="AuthzGlobs"/>, matched against the client's DN.
/// </summary>
/// <param name="Name">QEMU's test name, e.g. "altname3".</param>
/// <param name="CredsType">tls-creds-x509 or tls-creds-psk.</param>
/// <param name="ServerFiles">The server's directory.</param>
/// <param name="ClientFiles">The client's directory.</param>
public sealed record SessionScenario(
    string Name,
    CredsType CredsType,
    IReadOnlyList<CertDirFile> ServerFiles,
    IReadOnlyList<CertDirFile> ClientFiles)
{
    /// <summary>What the case is about.</summary>
    public string Description { get; init; } = "";

    /// <summary>The hostname the client checks the server certificate against (null: none).</summary>
    public string? ClientHostname { get; init; }

    /// <summary>Glob rules for the server's authz-list; null when the server session has no authz at all.</summary>
    public IReadOnlyList<string>? AuthzGlobs { get; init; }

    /// <summary>The PSK username for the client (tls-creds-psk defaults to "qemu").</summary>
    public string? PskUsername { get; init; }

    /// <summary>The server session's check of the client.</summary>
    public Verdict ServerCheck { get; init; } = Verdict.Pass;

    /// <summary>The client session's check of the server.</summary>
    public Verdict ClientCheck { get; init; } = Verdict.Pass;

    /// <summary>The server's certificate, for x509 scenarios.</summary>
    public IssuedCert? ServerCert { get; init; }

    /// <summary>The client's certificate, for x509 scenarios.</summary>
    public IssuedCert? ClientCert { get; init; }

    /// <inheritdoc />
    public override string ToString() => $"{Name}: server {ServerCheck}, client {ClientCheck}";
}
