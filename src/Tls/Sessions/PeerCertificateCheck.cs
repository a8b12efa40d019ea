using System.Runtime.InteropServices;
using Qcrypto.Errors;
using Qcrypto.Objects;
using Qcrypto.Tls.Creds;
using Qcrypto.Tls.Native.SafeHandles;
using Qcrypto.Tls.Native;

namespace Qcrypto.Tls.Sessions;

/// <summary>
/// qcrypto_tls_session_check_certificate (QEMU 7.2): the peer chain must verify, every certificate be
/// within its validity, and the leaf's DN pass authz (servers) and match the hostname (clients).
/// </summary>
internal static class PeerCertificateCheck
{
    private const int NoCertificateFound = Interop.GnuTls.GNUTLS_E_NO_CERTIFICATE_FOUND;

    public static unsafe void Run(TlsSession session, SafeSessionHandle handle, TlsCreds creds, ObjectRegistry? registry)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var rc = Interop.GnuTls.gnutls_certificate_verify_peers2(handle, out var status);
        if (rc < 0)
        {
            throw Fail(TlsErrorCodes.Verify, $"Verify failed: {Interop.GnuTls.StrError(rc)}",
                rc == NoCertificateFound
                    ? "the peer sent no certificate: with verify-peer=on it needs its own certificate and key, issued by a CA in our ca-cert.pem (GnuTLS sends none whose issuer we do not list)"
                    : null);
        }

        if (status != 0)
        {
            throw Fail(TlsErrorCodes.Verify, VerifyStatus.Reason(status), VerifyHint(status));
        }

        var certs = Interop.GnuTls.gnutls_certificate_get_peers(handle, out var count);
        if (certs == null)
        {
            throw Fail(TlsErrorCodes.NoPeerCertificate, "No certificate peers",
                creds.Endpoint == TlsEndpoint.Server ? "verify-peer=on: the client must present a certificate (client-cert.pem and client-key.pem)" : null);
        }

        for (var i = 0; i < count; i++)
        {
            rc = Interop.GnuTls.gnutls_x509_crt_init(out var cert);
            using (cert)
            {
                if (rc < 0)
                {
                    throw Fail(TlsErrorCodes.Verify, $"Cannot initialize certificate: {Interop.GnuTls.StrError(rc)}");
                }

                rc = Interop.GnuTls.gnutls_x509_crt_import(cert, certs[i], Interop.GnuTls.GNUTLS_X509_FMT_DER);
                if (rc < 0)
                {
                    throw Fail(TlsErrorCodes.Verify, $"Cannot import certificate: {Interop.GnuTls.StrError(rc)}");
                }

                if (Interop.GnuTls.gnutls_x509_crt_get_expiration_time(cert) < now)
                {
                    throw Fail(TlsErrorCodes.Verify, "The certificate has expired");
                }

                if (Interop.GnuTls.gnutls_x509_crt_get_activation_time(cert) > now)
                {
                    throw Fail(TlsErrorCodes.Verify, "The certificate is not yet activated");
                }

                if (i == 0)
                {
                    CheckLeaf(session, cert, creds);
                }
            }
        }

        TlsSessionException Fail(string code, string message, Advice? hint = null) => new(code, message, creds.Id, hint);
    }

    private static void CheckLeaf(TlsSession session, SafeX509CertificateHandle cert, TlsCreds creds)
    {
        var dn = X509Names.Dn(cert);
        session.SetPeerName(dn);
        if (session.AuthzId is not null && !session.IsAllowedByAuthz(dn))
        {
            throw new TlsSessionException(TlsErrorCodes.Authz, $"TLS x509 authz check for {dn} is denied", creds.Id,
                $"the authz object '{session.AuthzId}' does not allow this DN");
        }

        if (session.Hostname is not null)
        {
            if (Interop.GnuTls.gnutls_x509_crt_check_hostname(cert, session.Hostname) == 0)
            {
                throw new TlsSessionException(TlsErrorCodes.Hostname, $"Certificate does not match the hostname {session.Hostname}", creds.Id,
                    $"the certificate names: {string.Join(", ", X509Names.SubjectNames(cert))}; connect with one of them or reissue it with this name as a subjectAltName");
            }
        }
        else if (creds.Endpoint == TlsEndpoint.Client)
        {
            throw new TlsSessionException(TlsErrorCodes.Hostname, "No hostname for certificate validation", creds.Id,
                new Advice("give the name the server's certificate is issued for (tls-hostname / {0})", ToolAction.Setting("TlsSession's hostname", "hostname")));
        }
    }

    private static string? VerifyHint(uint status) =>
        (status & Interop.GnuTls.GNUTLS_CERT_SIGNER_NOT_FOUND) != 0 ? "the peer's certificate is not issued by a CA in our ca-cert.pem (different CA?)"
        : (status & Interop.GnuTls.GNUTLS_CERT_REVOKED) != 0 ? "the peer's certificate is listed in ca-crl.pem"
        : (status & Interop.GnuTls.GNUTLS_CERT_EXPIRED) != 0 ? "a certificate in the peer's chain has expired"
        : (status & Interop.GnuTls.GNUTLS_CERT_NOT_ACTIVATED) != 0 ? "a certificate in the peer's chain is not valid yet (clock skew?)"
        : null;
}
