using System.Runtime.InteropServices;
using Qcrypto.Tls.Native;

namespace Qcrypto.Tls;

internal static partial class Interop
{
    /// <summary>
    /// The GnuTLS entry points qcrypto uses, bound as declared in gnutls/gnutls.h and gnutls/x509.h
    /// (GnuTLS 3.7). Native names are kept verbatim; nothing else in qcrypto calls native TLS code.
    /// </summary>
    internal static partial class GnuTls
    {
        internal const int GNUTLS_E_SUCCESS = 0;
        internal const int GNUTLS_E_AGAIN = -28;
        internal const int GNUTLS_E_INTERRUPTED = -52;
        internal const int GNUTLS_E_SHORT_MEMORY_BUFFER = -51;
        internal const int GNUTLS_E_MEMORY_ERROR = -25;
        internal const int GNUTLS_E_PREMATURE_TERMINATION = -110;
        internal const int GNUTLS_E_REQUESTED_DATA_NOT_AVAILABLE = -56;
        internal const int GNUTLS_E_DECRYPTION_FAILED = -24;
        internal const int GNUTLS_E_INSUFFICIENT_CREDENTIALS = -32;
        internal const int GNUTLS_E_NO_CERTIFICATE_FOUND = -49;
        internal const int GNUTLS_E_CERTIFICATE_KEY_MISMATCH = -60;
        internal const int GNUTLS_E_BASE64_UNEXPECTED_HEADER_ERROR = -207;
        internal const int GNUTLS_E_PKCS11_LOAD_ERROR = -301;
        internal const int GNUTLS_E_PARSING_ERROR = -302;

        internal const uint GNUTLS_SERVER = 1;
        internal const uint GNUTLS_CLIENT = 1 << 1;

        internal const int GNUTLS_X509_FMT_DER = 0;
        internal const int GNUTLS_X509_FMT_PEM = 1;

        /// <summary>A gnutls_datum_t: bytes owned by whoever made it.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct Datum
        {
            public byte* Data;
            public uint Size;
        }

        [LibraryImport(Libraries.GnuTls)]
        internal static partial int gnutls_global_init();

        [LibraryImport(Libraries.GnuTls)]
        internal static partial IntPtr gnutls_check_version([MarshalAs(UnmanagedType.LPUTF8Str)] string? requiredVersion);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial IntPtr gnutls_strerror(int error);

        [LibraryImport(Libraries.GnuTls)]
        internal static partial IntPtr gnutls_strerror_name(int error);

        /// <summary>gnutls_strerror(code) as a managed string.</summary>
        internal static string StrError(int code) => Marshal.PtrToStringUTF8(gnutls_strerror(code)) ?? $"GnuTLS error {code}";

        internal static string? ErrorName(int code) => Marshal.PtrToStringUTF8(gnutls_strerror_name(code));

        /// <summary>Frees memory GnuTLS allocated for us (gnutls_free is an exported variable, not a function).</summary>
        internal static unsafe void Free(void* pointer)
        {
            if (pointer != null)
            {
                ((delegate* unmanaged<void*, void>)GnuTlsLibrary.FreeFunction)(pointer);
            }
        }

        /// <summary>Copies a GnuTLS-allocated datum into a string and frees it.</summary>
        internal static unsafe string TakeString(ref Datum datum)
        {
            try
            {
                return datum.Data == null ? string.Empty : System.Text.Encoding.UTF8.GetString(datum.Data, (int)datum.Size);
            }
            finally
            {
                Free(datum.Data);
                datum.Data = null;
            }
        }
    }
}
