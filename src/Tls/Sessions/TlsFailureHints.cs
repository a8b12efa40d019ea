using Qcrypto.Errors;
using Qcrypto.Tls.Creds;

namespace Qcrypto.Tls.Sessions;

/// <summary>
/// Turns what GnuTLS reported about a failed session into what most likely happened and what to do. GnuTLS's own
/// words are often generic ("A TLS fatal alert has been received.", "Decryption has failed."): the alert the peer
/// sent, our role, the credentials and the stage say much more. Measured against gnutls-serv/-cli and
/// openssl s_server/s_client, TLS 1.2 and 1.3, both roles (tests/Qcrypto.Cli.Tests/TlsPeerFailureTests).
/// </summary>
internal static class TlsFailureHints
{
    private const int UnexpectedPacketLength = -9;
    private const int DecryptionFailed = -24;
    private const int InsufficientCredentials = -32;
    private const int ReceivedIllegalParameter = -55;
    private const int PasswordFileError = -31;
    private const int PrematureTermination = -110;

    /// <summary>The hint for a failure, or null: its text holds {0} (a check of our directory), {1} (the hostname setting),
    /// {2} (the timeout setting) and {3} (NBD's STARTTLS) where it points to them.</summary>
    public static Advice? For(TlsFailureFacts f)
    {
        if (Text(f) is not { } text)
        {
            return null;
        }

        ToolArgument[] check = f.IsServer
            ? [ToolArgument.Positional(f.Creds.Dir ?? "DIR"), ToolArgument.Named("endpoint", "server"), ToolArgument.Named("hostname", "NAME-CLIENTS-DIAL")]
            : [ToolArgument.Positional(f.Creds.Dir ?? "DIR"), ToolArgument.Named("endpoint", "client")];
        return new Advice(text,
            new ToolAction(ToolTask.CheckCertDir, "a check of our certificate directory", check),
            ToolAction.Setting("the name we sent", "hostname"),
            ToolAction.Setting("the time we waited", "timeout"),
            ToolAction.Setting("NBD's STARTTLS negotiation first", "starttls", "nbd"));
    }

    private static string? Text(TlsFailureFacts f)
    {
        if (f.Alert is { } alert)
        {
            var how = f.AlertWasPlaintext && f.GnuTlsError == DecryptionFailed ? " unencrypted (OpenSSL does that in TLS 1.3; GnuTLS then reports \"Decryption has failed.\")" : string.Empty;
            var when = !f.IsServer && f.Stage != TlsStage.Handshake && IsAboutUs(alert.Number)
                ? " (a TLS 1.3 server checks the client's certificate after the client has finished its handshake, so its refusal arrives on the first read or write)"
                : string.Empty;
            return $"{f.Peer} sent the fatal alert {alert.Name} ({alert.Number}){how}: {AlertMeaning(f, alert.Number)}{when}";
        }

        if (f.IsPsk && f.IsServer && f.Stage == TlsStage.Handshake && f.OurPskEntryProblem is { } entry)
        {
            return $"{entry}, so GnuTLS cannot complete the handshake for that user: write the entry with psktool -u {f.PskUser} -p {f.Creds.Dir}/keys.psk " +
                "(and the same key on the client)";
        }

        return f.GnuTlsError switch
        {
            PasswordFileError when f.IsPsk && f.Creds is TlsCredsPsk psk =>
                $"our keys.psk entry for the client's user cannot be used{string.Concat(psk.MalformedEntries().Select(m => "; " + m))} " +
                $"(psktool -u USER -p {f.Creds.Dir}/keys.psk writes a good entry)",
            DecryptionFailed when f.IsPsk => PskKeysDiffer(f),
            DecryptionFailed when f.IsServer && f.Stage == TlsStage.Handshake && f.IsX509 =>
                "the client most likely rejected our certificate and sent its alert unencrypted, which GnuTLS cannot read (OpenSSL clients do that in TLS 1.3): " +
                "see the client's log; " + CheckOurDirectory(f),
            ReceivedIllegalParameter when f.IsPsk => PskKeysDiffer(f),
            UnexpectedPacketLength when f.Errno is null =>
                $"{f.Peer} closed the connection in the middle of a TLS record: it went away (killed or crashed), or it does not speak TLS",
            InsufficientCredentials => "the two sides share no usable credentials or cipher suite (check both priority strings and credential types)",
            PrematureTermination when f.Stage == TlsStage.Handshake && f.IsPsk =>
                $"{f.Peer} closed the connection during the handshake: most likely the PSK key differs from its keys.psk entry for user '{f.PskUser}'",
            PrematureTermination when f.Stage == TlsStage.Handshake =>
                $"{f.Peer} closed the connection during the handshake (it probably rejected our credentials, or its own failed to load; check its log)",
            _ => TransportHint(f),
        };
    }

    /// <summary>True for the alerts a peer sends about our certificate or identity.</summary>
    private static bool IsAboutUs(int alert) => alert is TlsAlert.CertificateRequired or TlsAlert.HandshakeFailure or TlsAlert.DecodeError or TlsAlert.BadCertificate
        or TlsAlert.UnsupportedCertificate or TlsAlert.CertificateRevoked or TlsAlert.CertificateExpired or TlsAlert.CertificateUnknown
        or TlsAlert.UnknownCa or TlsAlert.AccessDenied;

    private static string AlertMeaning(TlsFailureFacts f, int alert) => alert switch
    {
        TlsAlert.CertificateRequired => f.ClientWithoutCertificate
            ? "the server requires a client certificate and dir= has none: add client-cert.pem and client-key.pem, issued by a CA the server trusts"
            : "the server requires a client certificate and got none",
        TlsAlert.HandshakeFailure when f.ClientWithoutCertificate =>
            "most likely the server requires a client certificate (TLS 1.2 servers refuse a client without one this way) and dir= has no " +
            "client-cert.pem/client-key.pem; otherwise the two sides share no protocol version or cipher suite",
        TlsAlert.DecodeError when f.ClientWithoutCertificate =>
            "most likely the server requires a client certificate (a GnuTLS server says decode_error in TLS 1.2 when none comes) and dir= has no " +
            "client-cert.pem/client-key.pem",
        TlsAlert.HandshakeFailure when f.IsPsk => PskKeysDiffer(f),
        TlsAlert.HandshakeFailure =>
            $"{f.Peer} refused the handshake: no protocol version or cipher suite in common with our priority string, or it wants credentials we did not offer (check its log)",
        TlsAlert.UnknownCa => $"{f.Peer} does not trust the CA that issued our certificate: give it our ca-cert.pem; " + CheckOurDirectory(f),
        TlsAlert.CertificateExpired => $"{f.Peer} finds our certificate expired or not yet valid (compare both clocks); " + CheckOurDirectory(f),
        TlsAlert.CertificateRevoked => $"{f.Peer}'s CRL revokes our certificate: issue a new one",
        TlsAlert.BadCertificate or TlsAlert.UnsupportedCertificate or TlsAlert.CertificateUnknown =>
            $"{f.Peer} rejected our certificate (a CA it does not trust, a name that does not match, a wrong key usage, or out of its validity); " +
            CheckOurDirectory(f),
        TlsAlert.AccessDenied => $"{f.Peer} refused our certificate or identity (GnuTLS peers say access_denied when our certificate does not verify " +
            "against their CA, or an access list refuses our DN); " + CheckOurDirectory(f),
        TlsAlert.DecryptError or TlsAlert.BadRecordMac or TlsAlert.IllegalParameter when f.IsPsk => PskKeysDiffer(f),
        TlsAlert.DecryptError => $"{f.Peer} could not verify our handshake signature or Finished message (a key that does not match the certificate, or a middlebox)",
        TlsAlert.BadRecordMac => "a record was corrupted in transit (a middlebox, or a broken peer)",
        TlsAlert.IllegalParameter => $"{f.Peer} rejected a parameter of our handshake (check both priority strings)",
        TlsAlert.UnknownPskIdentity => $"the server's keys.psk has no entry for user '{f.PskUser}' (username= of the client's tls-creds-psk)",
        TlsAlert.ProtocolVersion => "no TLS version both sides allow (check both priority strings, e.g. -VERS-TLS1.3 on one side only)",
        TlsAlert.InsufficientSecurity => $"{f.Peer} wants stronger parameters (key size, DH group, cipher) than we offer",
        TlsAlert.UnrecognizedName => "the server does not serve the name we sent (SNI): check {1}",
        TlsAlert.InternalError => $"{f.Peer} failed internally: see its log",
        _ => $"see {f.Peer}'s log for why",
    };

    private static string PskKeysDiffer(TlsFailureFacts f) =>
        $"the PSK keys differ: {f.Peer}'s key for user '{f.PskUser}' is not the one in our keys.psk (or it has no entry for that user)";

    private static string CheckOurDirectory(TlsFailureFacts f) => "run: {0}";

    private static string? TransportHint(TlsFailureFacts f) => f.Errno switch
    {
        TlsTransportError.ECONNRESET => $"{f.Peer} reset the connection: it went away while data was in flight (it stopped reading, was killed, or rejected the session; check its log)",
        TlsTransportError.EPIPE => $"{f.Peer} closed the connection and reads no more (check its log)",
        TlsTransportError.EAGAIN or TlsTransportError.ETIMEDOUT => $"{f.Peer} sent nothing for the whole {{2}} (is it a TLS server/client at all? QEMU's NBD needs {{3}})",
        _ => null,
    };
}
