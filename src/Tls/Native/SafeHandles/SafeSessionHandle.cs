using System.Runtime.InteropServices;

namespace Qcrypto.Tls.Native.SafeHandles;

/// <summary>Owns a TLS session (gnutls_session_t); releasing it calls gnutls_deinit.</summary>
internal sealed class SafeSessionHandle : SafeHandle
{
    public SafeSessionHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Interop.GnuTls.gnutls_deinit(handle);
        return true;
    }
}
