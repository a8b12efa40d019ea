using System.Runtime.InteropServices;

namespace Qcrypto.Tls.Native;

/// <summary>Owns a TLS session (gnutls_session_t); releasing it calls gnutls_deinit.</summary>
internal sealed class SafeSessionHandle : SafeHandle
{
    public SafeSessionHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    /// <summary>Wraps a handle GnuTLS gave us outside an out-parameter (e.g. from a list).</summary>
    internal SafeSessionHandle(IntPtr existing)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(existing);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Interop.GnuTls.gnutls_deinit(handle);
        return true;
    }
}
