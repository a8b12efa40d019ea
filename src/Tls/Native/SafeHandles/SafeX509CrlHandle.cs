using System.Runtime.InteropServices;

namespace Qcrypto.Tls.Native;

/// <summary>Owns a certificate revocation list; releasing it calls gnutls_x509_crl_deinit.</summary>
internal sealed class SafeX509CrlHandle : SafeHandle
{
    public SafeX509CrlHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    /// <summary>Wraps a handle GnuTLS gave us outside an out-parameter (e.g. from a list).</summary>
    internal SafeX509CrlHandle(IntPtr existing)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(existing);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Interop.GnuTls.gnutls_x509_crl_deinit(handle);
        return true;
    }
}
