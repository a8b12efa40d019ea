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
    string? Protocol,
    string? PeerPskUser = null)
{
    public string Peer => IsServer ? "the client" : "the server";

    public bool IsPsk => Creds is TlsCredsPsk;

    public bool IsX509 => Creds is TlsCredsX509;

    /// <summary>An x509 client with no client-cert.pem/client-key.pem: it cannot answer a certificate request.</summary>
    public bool ClientWithoutCertificate => !IsServer && Creds is TlsCredsX509 { HasKeyPair: false };

    /// <summary>The PSK user of the session: ours (client), or the one the client named (server).</summary>
    public string PskUser => PeerPskUser ?? (Creds as TlsCredsPsk)?.Username ?? TlsCredsPsk.DefaultUsername;

    /// <summary>A server's own keys.psk entry for the client's user, when it is missing or malformed.</summary>
    public string? OurPskEntryProblem => IsServer && PeerPskUser is { } user && Creds is TlsCredsPsk psk ? psk.EntryProblem(user) : null;
}
