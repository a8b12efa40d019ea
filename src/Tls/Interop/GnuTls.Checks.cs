using System.Runtime.InteropServices;
using Qcrypto.Tls.Native.SafeHandles;

namespace Qcrypto.Tls;

internal static partial class Interop
{
    /// <summary>The GnuTLS entry points the certificate-directory checker uses (gnutls/x509.h, gnutls/gnutls.h, 3.7).</summary>
    internal static partial class GnuTls
    {
        internal const uint GNUTLS_SIGN_FLAG_SECURE_FOR_CERTS = 1;
        internal const uint GNUTLS_KEYID_USE_SHA256 = 1;

        internal const int GNUTLS_PK_RSA = 1;
        internal const int GNUTLS_PK_DSA = 2;
        internal const int GNUTLS_PK_ECDSA = 4;
        internal const int GNUTLS_PK_RSA_PSS = 6;

        internal const int GNUTLS_CRT_X509 = 1;

        internal const uint GNUTLS_CERT_SIGNATURE_FAILURE = 1 << 11;
        internal const uint GNUTLS_CERT_REVOCATION_DATA_SUPERSEDED = 1 << 12;
        internal const uint GNUTLS_CERT_REVOCATION_DATA_ISSUED_IN_FUTURE = 1 << 15;

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_x509_crt_get_pk_algorithm(SafeX509CertificateHandle certificate, out uint bits);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_x509_crt_get_signature_algorithm(SafeX509CertificateHandle certificate);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial uint gnutls_sign_is_secure2(int algorithm, uint flags);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial IntPtr gnutls_sign_get_name(int algorithm);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial IntPtr gnutls_pk_algorithm_get_name(int algorithm);

        [LibraryImport(Libraries.GnuTls)]
        internal static unsafe partial int gnutls_x509_crt_get_key_id(SafeX509CertificateHandle certificate, uint flags, byte* output, ref nuint size);

        [LibraryImport(Libraries.GnuTls)]
        internal static unsafe partial int gnutls_x509_privkey_get_key_id(SafeX509PrivateKeyHandle key, uint flags, byte* output, ref nuint size);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_x509_privkey_get_pk_algorithm2(SafeX509PrivateKeyHandle key, out uint bits);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_dh_params_export_raw(SafeDhParamsHandle parameters, out Datum prime, out Datum generator, out uint bits);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_certificate_verification_status_print(uint status, int type, out Datum output, uint flags);
    }
}
