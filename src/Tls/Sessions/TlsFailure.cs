using Qcrypto.Tls.Creds;

namespace Qcrypto.Tls.Sessions;

/// <summary>What is known about a failed handshake, read or write; <see cref="TlsFailureHints"/> turns it into a hint.</summary>
internal sealed record TlsFailureFacts(
    TlsStage Stage,
    int GnuTlsError,
    bool IsServer,
    TlsCreds Creds,
    TlsAlert? Alert,
    bool AlertWasPlaintext,
    int? Errno,
    string? Protocol)
{
    public string Peer => IsServer ? "the client" : "the server";

    public bool IsPsk => Creds is TlsCredsPsk;

    public bool IsX509 => Creds is TlsCredsX509;

    /// <summary>An x509 client with no client-cert.pem/client-key.pem: it cannot answer a certificate request.</summary>
    public bool ClientWithoutCertificate => !IsServer && Creds is TlsCredsX509 { HasKeyPair: false };

    public string PskUser => (Creds as TlsCredsPsk)?.Username ?? TlsCredsPsk.DefaultUsername;
}
