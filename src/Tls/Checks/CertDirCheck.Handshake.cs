using Qcrypto.Errors;
using Qcrypto.Tls.Creds;
using Qcrypto.Tls.Native;

namespace Qcrypto.Tls.Checks;

/// <summary>
/// Keys QEMU 7.2 loads but no handshake can use (issue 9): the directory loads, the service is dead. Each case was
/// measured on Debian 12 (GnuTLS 3.7.9) with qemu-nbd as server and client, gnutls-cli/-serv and openssl s_client.
/// </summary>
internal sealed partial class CertDirCheck
{
    private const uint MinimumRsaBits = 1024; // GnuTLS's "low" verification profile (80-bit): smaller keys are "insecure"

    private readonly HashSet<X509Cert> _deadKeys = [];
    private TlsPriority? _priority;

    /// <summary>True when sessions with the priority in use may negotiate TLS 1.3 (QEMU's default NORMAL does).</summary>
    private bool Tls13
    {
        get
        {
            _priority ??= Own(TlsPriority.Parse(_options.Priority ?? TlsCreds.DefaultPriority));
            return _priority.Handle is null || _priority.Tls13Enabled;
        }
    }

    /// <summary>A priority string GnuTLS refuses: QEMU loads the directory and fails every session.</summary>
    private void Priority()
    {
        if (_options.Priority is not { } text)
        {
            return;
        }

        _priority ??= Own(TlsPriority.Parse(text));
        if (_priority.Handle is null)
        {
            var qemu = $"Cannot set default TLS session priority {text}: {Interop.GnuTls.StrError(_priority.Error)}";
            Add(new CertDirFinding(FindingSeverity.Error, TlsErrorCodes.Priority, null,
                $"GnuTLS refuses priority string '{text}': QEMU 7.2 loads the directory, but fails every TLS session with \"{qemu}\"", _priority.Hint));
        }
    }

    /// <summary>
    /// Our own key (and the CA that issued our certificate) as a handshake will use them. Reported keys are not also
    /// reported as merely weak.
    /// </summary>
    private void HandshakeUsable(X509Cert leaf, string name)
    {
        var key = _isServer ? TlsCredsFiles.ServerKey : TlsCredsFiles.ClientKey;
        var peerRefuses = _isServer
            ? "QEMU clients (and every GnuTLS client) refuse the certificate after the handshake: \"The certificate uses an insecure algorithm\""
            : "a QEMU server with verify-peer=on refuses the certificate after the handshake: \"The certificate uses an insecure algorithm\"";
        string? why = leaf.PkAlgorithm switch
        {
            Interop.GnuTls.GNUTLS_PK_DSA when _isServer =>
                "every handshake fails when the server picks a cipher suite (\"TLS handshake failed: No supported cipher suites have been found.\" " +
                "in QEMU's log): GnuTLS's NORMAL priority has no DHE-DSS suite and TLS 1.3 has no DSA",
            Interop.GnuTls.GNUTLS_PK_DSA =>
                "GnuTLS cannot sign a handshake with it, so the client sends no certificate and a QEMU server with verify-peer=on refuses it " +
                "(\"No certificate was found.\")",
            Interop.GnuTls.GNUTLS_PK_RSA or Interop.GnuTls.GNUTLS_PK_RSA_PSS when leaf.KeyBits < MinimumRsaBits =>
                peerRefuses + (leaf.KeyBits < 528 ? "; in TLS 1.3 the key is too small even to sign the handshake (\"Some constraint limits were reached.\")" : string.Empty),
            Interop.GnuTls.GNUTLS_PK_ECDSA when leaf.KeyBits < 256 && Tls13 => _isServer
                ? "TLS 1.3 has no signature scheme for this curve: every handshake with a TLS 1.3 client (any current one) fails when the server picks " +
                  "a cipher suite (\"No supported cipher suites have been found.\"); only clients limited to TLS 1.2 get through"
                : "TLS 1.3 has no signature scheme for this curve: the client sends no certificate and a QEMU server with verify-peer=on refuses it " +
                  "(\"No certificate was found.\"); only TLS 1.2 works",
            _ => null,
        };
        if (why is not null)
        {
            _deadKeys.Add(leaf);
            Add(CheckRules.HandshakeImpossible.Finding(key, $"{key} is {KeyPhrase(leaf)}: QEMU 7.2 loads it, but {why}"));
        }

        // The CA that signed our certificate: GnuTLS peers weigh its key too.
        foreach (var ca in _cas.Where(c => leaf.IsIssuedBy(c) && c.PkAlgorithm is Interop.GnuTls.GNUTLS_PK_RSA or Interop.GnuTls.GNUTLS_PK_RSA_PSS
                     && c.KeyBits < MinimumRsaBits))
        {
            _deadKeys.Add(ca);
            Add(CheckRules.HandshakeImpossible.Finding(TlsCredsFiles.CaCert,
                $"CA '{ca.Subject}', which issued {name}, has {KeyPhrase(ca)}: QEMU 7.2 loads the directory, but {(_isServer ? "clients" : "servers")} " +
                "refuse every certificate it signed (\"The certificate uses an insecure algorithm\")",
                new Advice("make a new CA (RSA 3072 or ECDSA P-256) and reissue the certificates: {0} ...",
                    CertDirActions.Create("certificates from a new CA (NEW-CADIR)", CertDirActions.Dir, CertDirActions.CaDir("NEW-CADIR")))));
        }
    }

    /// <summary>"an RSA 512-bit key", "a DSA 2048-bit key", "an ECDSA P-192 key".</summary>
    private static string KeyPhrase(X509Cert cert)
    {
        var words = cert.PkAlgorithm == Interop.GnuTls.GNUTLS_PK_ECDSA ? $"{cert.KeyDescription} key" : $"{cert.KeyAlgorithmName} {cert.KeyBits}-bit key";
        return (words[0] is 'A' or 'E' or 'I' or 'O' or 'U' || words.StartsWith("RSA", StringComparison.Ordinal) ? "an " : "a ") + words;
    }
}
