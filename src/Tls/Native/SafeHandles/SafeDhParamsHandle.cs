using System.Runtime.InteropServices;

namespace Qcrypto.Tls.Native;

/// <summary>Owns Diffie-Hellman parameters; releasing it calls gnutls_dh_params_deinit.</summary>
internal sealed class SafeDhParamsHandle : SafeHandle
{
    public SafeDhParamsHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    /// <summary>Wraps a handle GnuTLS gave us outside an out-parameter (e.g. from a list).</summary>
    internal SafeDhParamsHandle(IntPtr existing)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(existing);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Interop.GnuTls.gnutls_dh_params_deinit(handle);
        return true;
    }
}
