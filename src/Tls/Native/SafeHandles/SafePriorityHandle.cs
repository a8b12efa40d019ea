using System.Runtime.InteropServices;

namespace Qcrypto.Tls.Native.SafeHandles;

/// <summary>Owns a parsed priority string (gnutls_priority_t); releasing it calls gnutls_priority_deinit.</summary>
internal sealed class SafePriorityHandle : SafeHandle
{
    public SafePriorityHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Interop.GnuTls.gnutls_priority_deinit(handle);
        return true;
    }
}
