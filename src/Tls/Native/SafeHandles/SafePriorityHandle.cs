using System.Runtime.InteropServices;

namespace Qcrypto.Tls.Native;

/// <summary>Owns a parsed priority string (gnutls_priority_t); releasing it calls gnutls_priority_deinit.</summary>
internal sealed class SafePriorityHandle : SafeHandle
{
    public SafePriorityHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    /// <summary>Wraps a handle GnuTLS gave us outside an out-parameter (e.g. from a list).</summary>
    internal SafePriorityHandle(IntPtr existing)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(existing);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Interop.GnuTls.gnutls_priority_deinit(handle);
        return true;
    }
}
