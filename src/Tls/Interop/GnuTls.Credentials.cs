using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;
using Qcrypto.Interop;
using Qcrypto.Posix;
using Qcrypto.Tls.Native.SafeHandles;

namespace Qcrypto.Tls;

// File names and the PSK username go to GnuTLS as the bytes they came as (RawPathMarshaller), as QEMU passes them.

internal static partial class Interop
{
    internal static partial class GnuTls
    {
        internal const int GNUTLS_PSK_KEY_RAW = 0;
        internal const int GNUTLS_PSK_KEY_HEX = 1;

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_anon_allocate_server_credentials(out SafeAnonServerCredentialsHandle credentials);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial void gnutls_anon_free_server_credentials(IntPtr credentials);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_anon_allocate_client_credentials(out SafeAnonClientCredentialsHandle credentials);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial void gnutls_anon_free_client_credentials(IntPtr credentials);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial void gnutls_anon_set_server_dh_params(SafeAnonServerCredentialsHandle credentials, SafeDhParamsHandle parameters);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_psk_allocate_server_credentials(out SafePskServerCredentialsHandle credentials);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial void gnutls_psk_free_server_credentials(IntPtr credentials);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_psk_allocate_client_credentials(out SafePskClientCredentialsHandle credentials);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial void gnutls_psk_free_client_credentials(IntPtr credentials);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_psk_set_client_credentials(SafePskClientCredentialsHandle credentials, [MarshalUsing(typeof(RawPathMarshaller))] string username, in Datum key, int flags);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_psk_set_server_credentials_file(SafePskServerCredentialsHandle credentials, [MarshalUsing(typeof(RawPathMarshaller))] string passwordFile);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial void gnutls_psk_set_server_dh_params(SafePskServerCredentialsHandle credentials, SafeDhParamsHandle parameters);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_certificate_allocate_credentials(out SafeCertificateCredentialsHandle credentials);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial void gnutls_certificate_free_credentials(IntPtr credentials);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_certificate_set_x509_trust_file(SafeCertificateCredentialsHandle credentials, [MarshalUsing(typeof(RawPathMarshaller))] string file, int format);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_certificate_set_x509_crl_file(SafeCertificateCredentialsHandle credentials, [MarshalUsing(typeof(RawPathMarshaller))] string file, int format);

        [LibraryImport(Libraries.GnuTls)]
        internal static unsafe partial int gnutls_certificate_set_x509_key_file2(SafeCertificateCredentialsHandle credentials,
            [MarshalUsing(typeof(RawPathMarshaller))] string certificateFile, [MarshalUsing(typeof(RawPathMarshaller))] string keyFile, int format, byte* password, uint flags);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial void gnutls_certificate_set_dh_params(SafeCertificateCredentialsHandle credentials, SafeDhParamsHandle parameters);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_dh_params_init(out SafeDhParamsHandle parameters);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_dh_params_generate2(SafeDhParamsHandle parameters, uint bits);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial void gnutls_dh_params_deinit(IntPtr parameters);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_dh_params_import_pkcs3(SafeDhParamsHandle parameters, in Datum pkcs3, int format);
    }
}
