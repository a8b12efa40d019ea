using System.Runtime.InteropServices;

namespace Qcrypto.Tls.Native.SafeHandles;

/// <summary>Owns Diffie-Hellman parameters; releasing it calls gnutls_dh_params_deinit.</summary>
internal sealed class SafeDhParamsHandle : SafeHandle
{
    public SafeDhParamsHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Interop.GnuTls.gnutls_dh_params_deinit(handle);
        return true;
    }
}
