using System.Runtime.InteropServices;

namespace Qcrypto.Tls.Native.SafeHandles;

/// <summary>Owns anonymous server credentials; releasing it calls gnutls_anon_free_server_credentials.</summary>
internal sealed class SafeAnonServerCredentialsHandle : SafeHandle
{
    public SafeAnonServerCredentialsHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Interop.GnuTls.gnutls_anon_free_server_credentials(handle);
        return true;
    }
}
