using System.Runtime.InteropServices;

namespace Qcrypto.Tls.Native.SafeHandles;

/// <summary>Owns PSK client credentials (they hold the key); releasing it calls gnutls_psk_free_client_credentials.</summary>
internal sealed class SafePskClientCredentialsHandle : SafeHandle
{
    public SafePskClientCredentialsHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Interop.GnuTls.gnutls_psk_free_client_credentials(handle);
        return true;
    }
}
