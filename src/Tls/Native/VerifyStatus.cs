namespace Qcrypto.Tls.Native;

/// <summary>QEMU's one-line reason for a GnuTLS certificate verification status.</summary>
internal static class VerifyStatus
{
    /// <summary>A later flag overrides an earlier one, as in QEMU.</summary>
    public static string Reason(uint status)
    {
        var reason = "Invalid certificate";
        if ((status & Interop.GnuTls.GNUTLS_CERT_INVALID) != 0)
        {
            reason = "The certificate is not trusted";
        }

        if ((status & Interop.GnuTls.GNUTLS_CERT_SIGNER_NOT_FOUND) != 0)
        {
            reason = "The certificate hasn't got a known issuer";
        }

        if ((status & Interop.GnuTls.GNUTLS_CERT_REVOKED) != 0)
        {
            reason = "The certificate has been revoked";
        }

        if ((status & Interop.GnuTls.GNUTLS_CERT_INSECURE_ALGORITHM) != 0)
        {
            reason = "The certificate uses an insecure algorithm";
        }

        return reason;
    }
}
