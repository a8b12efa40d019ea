using System.Runtime.InteropServices;
using Qcrypto.Tls.Native.SafeHandles;

namespace Qcrypto.Tls;

internal static partial class Interop
{
    internal static partial class GnuTls
    {
        internal const uint GNUTLS_KEY_DIGITAL_SIGNATURE = 128;
        internal const uint GNUTLS_KEY_KEY_CERT_SIGN = 4;

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_x509_crt_init(out SafeX509CertificateHandle certificate);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial void gnutls_x509_crt_deinit(IntPtr certificate);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_x509_crt_import(SafeX509CertificateHandle certificate, in Datum data, int format);

        [LibraryImport(Libraries.GnuTls)]
        internal static unsafe partial int gnutls_x509_crt_list_import2(out IntPtr* certificates, out uint count, in Datum data, int format, uint flags);

        [LibraryImport(Libraries.GnuTls)]
        internal static unsafe partial int gnutls_x509_crt_list_import(IntPtr* certificates, ref uint max, in Datum data, int format, uint flags);

        [LibraryImport(Libraries.GnuTls)]
        internal static unsafe partial int gnutls_x509_crt_get_dn(SafeX509CertificateHandle certificate, byte* buffer, ref nuint size);

        [LibraryImport(Libraries.GnuTls)]
        internal static unsafe partial int gnutls_x509_crt_get_subject_alt_name(SafeX509CertificateHandle certificate, uint index, byte* buffer, ref nuint size, out uint critical);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_x509_crt_get_dn2(SafeX509CertificateHandle certificate, out Datum dn);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_x509_crt_get_issuer_dn2(SafeX509CertificateHandle certificate, out Datum dn);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial uint gnutls_x509_crt_check_hostname(SafeX509CertificateHandle certificate, [MarshalAs(UnmanagedType.LPUTF8Str)] string hostname);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial long gnutls_x509_crt_get_expiration_time(SafeX509CertificateHandle certificate);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial long gnutls_x509_crt_get_activation_time(SafeX509CertificateHandle certificate);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_x509_crt_get_basic_constraints(SafeX509CertificateHandle certificate, out uint critical, out uint ca, out int pathLength);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_x509_crt_get_key_usage(SafeX509CertificateHandle certificate, out uint keyUsage, out uint critical);

        [LibraryImport(Libraries.GnuTls)]
        internal static unsafe partial int gnutls_x509_crt_get_key_purpose_oid(SafeX509CertificateHandle certificate, uint index, byte* oid, ref nuint size, out uint critical);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial uint gnutls_x509_crt_check_issuer(SafeX509CertificateHandle certificate, SafeX509CertificateHandle issuer);

        [LibraryImport(Libraries.GnuTls)]
        internal static unsafe partial int gnutls_x509_crt_list_verify(IntPtr* certificates, uint count, IntPtr* authorities, uint authorityCount,
            IntPtr* crls, uint crlCount, uint flags, out uint verify);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_x509_privkey_init(out SafeX509PrivateKeyHandle key);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial void gnutls_x509_privkey_deinit(IntPtr key);

        [LibraryImport(Libraries.GnuTls)]
        internal static unsafe partial int gnutls_x509_privkey_import2(SafeX509PrivateKeyHandle key, in Datum data, int format, byte* password, uint flags);

    }
}
