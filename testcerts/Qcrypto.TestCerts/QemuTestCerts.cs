namespace Qcrypto.TestCerts;

/// <summary>
/// Ready-made scenarios reproducing every case of QEMU's TLS unit tests:
/// tests/unit/test-crypto-tlscredsx509.c (credential creation with sanity checks) and
/// tests/unit/test-crypto-tlssession.c (post-handshake checks). Certificates are generated once per process and
/// edition, with the shared RSA-2048 key, and are valid for 24 hours from the first call.
/// </summary>
public static partial class QemuTestCerts
{
    private static readonly Lazy<IReadOnlyList<Scenario>> s_credsNewer = new(() => BuildCredsX509(QemuTestEdition.Newer));
    private static readonly Lazy<IReadOnlyList<Scenario>> s_creds72 = new(() => BuildCredsX509(QemuTestEdition.Qemu72));
    private static readonly Lazy<IReadOnlyList<SessionScenario>> s_sessions = new(BuildSessions);

    /// <summary>All test-crypto-tlscredsx509.c cases, in the file's order.</summary>
    public static IReadOnlyList<Scenario> CredsX509Cases(QemuTestEdition edition = QemuTestEdition.Newer) =>
        edition == QemuTestEdition.Qemu72 ? s_creds72.Value : s_credsNewer.Value;

    /// <summary>One test-crypto-tlscredsx509.c case by QEMU's name (e.g. "badca1").</summary>
    public static Scenario CredsX509Case(string name, QemuTestEdition edition = QemuTestEdition.Newer) =>
        Find(CredsX509Cases(edition), name, s => s.Name);

    /// <summary>All test-crypto-tlssession.c cases (psk first, then the x509 table), in the file's order.</summary>
    public static IReadOnlyList<SessionScenario> SessionCases() => s_sessions.Value;

    /// <summary>One test-crypto-tlssession.c case by QEMU's name (e.g. "wildcard5").</summary>
    public static SessionScenario SessionCase(string name) => Find(SessionCases(), name, s => s.Name);

    private static T Find<T>(IReadOnlyList<T> all, string name, Func<T, string> nameOf) =>
        all.FirstOrDefault(s => nameOf(s) == name)
        ?? throw new KeyNotFoundException($"no QEMU test case '{name}'; known: {string.Join(", ", all.Select(nameOf))}");
}
