using System.Runtime.InteropServices;

namespace Qcrypto.Tls.Native.SafeHandles;

/// <summary>Owns anonymous client credentials; releasing it calls gnutls_anon_free_client_credentials.</summary>
internal sealed class SafeAnonClientCredentialsHandle : SafeHandle
{
    public SafeAnonClientCredentialsHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Interop.GnuTls.gnutls_anon_free_client_credentials(handle);
        return true;
    }
}
