namespace Qcrypto.Tls;

/// <summary>Stable codes of TLS errors (see <see cref="Qcrypto.Errors.ErrorCodes"/> for the rules).</summary>
public static class TlsErrorCodes
{
    public const string MissingDir = "tls-missing-dir";
    public const string FileAccess = "tls-file-access";
    public const string Priority = "tls-priority";
    public const string Allocation = "tls-allocation";
    public const string DhParams = "tls-dh-params";
    public const string PskFile = "tls-psk-file";
    public const string PskUsername = "tls-psk-username";
    public const string PskCredentials = "tls-psk-credentials";
    public const string UsernameOnServer = "tls-username-on-server";
    public const string Endpoint = "tls-endpoint";
    public const string CaCertificate = "tls-ca-certificate";
    public const string Certificate = "tls-certificate";
    public const string Crl = "tls-crl";
    public const string SanityCheck = "tls-sanity-check";
    public const string Handshake = "tls-handshake";
    public const string Verify = "tls-verify";
    public const string NoPeerCertificate = "tls-no-peer-certificate";
    public const string Hostname = "tls-hostname";
    public const string Authz = "tls-authz";
    public const string Session = "tls-session";

    /// <summary>The GnuTLS library itself failed (<see cref="GnuTlsException"/>).</summary>
    public const string Library = "tls-library";

    /// <summary>A certificate-directory check cannot run (see <see cref="Checks.CertDirCheckException"/>).</summary>
    public const string CertDirCannotCheck = "certdir-cannot-check";
}
