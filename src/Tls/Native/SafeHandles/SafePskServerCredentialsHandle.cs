using System.Runtime.InteropServices;

namespace Qcrypto.Tls.Native.SafeHandles;

/// <summary>Owns PSK server credentials; releasing it calls gnutls_psk_free_server_credentials.</summary>
internal sealed class SafePskServerCredentialsHandle : SafeHandle
{
    public SafePskServerCredentialsHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Interop.GnuTls.gnutls_psk_free_server_credentials(handle);
        return true;
    }
}
