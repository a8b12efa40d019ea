using System.Runtime.InteropServices;

namespace Qcrypto.Tls.Native;

/// <summary>
/// Loads and initialises the system GnuTLS once, and turns its absence into a clear error instead
/// of a DllNotFoundException deep inside a handshake.
/// </summary>
internal static class GnuTlsLibrary
{
    private static readonly Lazy<IntPtr> Free = new(Initialize, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The value of the exported gnutls_free variable (a function pointer).</summary>
    public static IntPtr FreeFunction => Free.Value;

    /// <summary>The GnuTLS version in use, e.g. "3.7.9".</summary>
    public static string Version
    {
        get
        {
            EnsureInitialized();
            return Marshal.PtrToStringUTF8(Interop.GnuTls.gnutls_check_version(null)) ?? "unknown";
        }
    }

    public static void EnsureInitialized() => _ = Free.Value;

    private static IntPtr Initialize()
    {
        IntPtr library;
        try
        {
            library = NativeLibrary.Load(Interop.Libraries.GnuTls, typeof(GnuTlsLibrary).Assembly, null);
        }
        catch (DllNotFoundException e)
        {
            throw new PlatformNotSupportedException("TLS credentials support requires GNUTLS (libgnutls.so.30, Debian package libgnutls30)", e);
        }

        if (Interop.GnuTls.gnutls_check_version("3.6.0") == IntPtr.Zero)
        {
            throw new PlatformNotSupportedException("GnuTLS 3.6 or newer is required");
        }

        var rc = Interop.GnuTls.gnutls_global_init();
        if (rc < 0)
        {
            throw new GnuTlsException(rc, "Unable to initialize GNUTLS library");
        }

        return Marshal.ReadIntPtr(NativeLibrary.GetExport(library, "gnutls_free"));
    }
}
