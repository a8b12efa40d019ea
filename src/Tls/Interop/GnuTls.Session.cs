using System.Runtime.InteropServices;
using Qcrypto.Tls.Native.SafeHandles;

namespace Qcrypto.Tls;

internal static partial class Interop
{
    internal static partial class GnuTls
    {
        internal const int GNUTLS_CRD_CERTIFICATE = 1;
        internal const int GNUTLS_CRD_ANON = 2;
        internal const int GNUTLS_CRD_PSK = 4;

        internal const int GNUTLS_SHUT_RDWR = 0;
        internal const int GNUTLS_SHUT_WR = 1;

        internal const int GNUTLS_CERT_IGNORE = 0;
        internal const int GNUTLS_CERT_REQUEST = 1;
        internal const int GNUTLS_CERT_REQUIRE = 2;

        internal const uint GNUTLS_CERT_INVALID = 1 << 1;
        internal const uint GNUTLS_CERT_REVOKED = 1 << 5;
        internal const uint GNUTLS_CERT_SIGNER_NOT_FOUND = 1 << 6;
        internal const uint GNUTLS_CERT_SIGNER_NOT_CA = 1 << 7;
        internal const uint GNUTLS_CERT_INSECURE_ALGORITHM = 1 << 8;
        internal const uint GNUTLS_CERT_NOT_ACTIVATED = 1 << 9;
        internal const uint GNUTLS_CERT_EXPIRED = 1 << 10;

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_init(out SafeSessionHandle session, uint flags);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial void gnutls_deinit(IntPtr session);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_priority_set(SafeSessionHandle session, SafePriorityHandle priority);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_credentials_set(SafeSessionHandle session, int type, IntPtr credentials);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_handshake(SafeSessionHandle session);

        [LibraryImport(Libraries.GnuTls)]
        internal static unsafe partial nint gnutls_record_send(SafeSessionHandle session, byte* data, nuint size);

        [LibraryImport(Libraries.GnuTls)]
        internal static unsafe partial nint gnutls_record_recv(SafeSessionHandle session, byte* data, nuint size);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial nuint gnutls_record_check_pending(SafeSessionHandle session);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_bye(SafeSessionHandle session, int how);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_record_get_direction(SafeSessionHandle session);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial void gnutls_transport_set_ptr(SafeSessionHandle session, IntPtr pointer);

        [LibraryImport(Libraries.GnuTls)]
        internal static unsafe partial void gnutls_transport_set_push_function(SafeSessionHandle session, delegate* unmanaged<IntPtr, byte*, nuint, nint> push);

        [LibraryImport(Libraries.GnuTls)]
        internal static unsafe partial void gnutls_transport_set_pull_function(SafeSessionHandle session, delegate* unmanaged<IntPtr, byte*, nuint, nint> pull);

        [LibraryImport(Libraries.GnuTls)]
        internal static unsafe partial void gnutls_transport_set_pull_timeout_function(SafeSessionHandle session, delegate* unmanaged<IntPtr, uint, int> pullTimeout);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial void gnutls_transport_set_errno(IntPtr session, int error);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial IntPtr gnutls_session_get_desc(SafeSessionHandle session);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_protocol_get_version(SafeSessionHandle session);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial IntPtr gnutls_protocol_get_name(int version);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_cipher_get(SafeSessionHandle session);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial IntPtr gnutls_cipher_get_name(int algorithm);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_kx_get(SafeSessionHandle session);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial IntPtr gnutls_kx_get_name(int algorithm);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_group_get(SafeSessionHandle session);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial IntPtr gnutls_group_get_name(int group);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_alert_get(SafeSessionHandle session);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial IntPtr gnutls_alert_get_name(int alert);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial IntPtr gnutls_alert_get_strname(int alert);

        [LibraryImport(Libraries.GnuTls)]
        internal static unsafe partial Datum* gnutls_certificate_get_peers(SafeSessionHandle session, out uint count);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_certificate_verify_peers2(SafeSessionHandle session, out uint status);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial void gnutls_certificate_server_set_request(SafeSessionHandle session, int request);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial IntPtr gnutls_psk_server_get_username(SafeSessionHandle session);

        [LibraryImport(Libraries.GnuTls)]
        internal static unsafe partial int gnutls_priority_init(out SafePriorityHandle priority, byte* priorities, out byte* errorPosition);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial void gnutls_priority_deinit(IntPtr priority);

        [LibraryImport(Libraries.GnuTls)]
        internal static unsafe partial int gnutls_priority_protocol_list(SafePriorityHandle priority, uint** list);

        internal const uint GNUTLS_TLS1_3 = 5;
    }
}
