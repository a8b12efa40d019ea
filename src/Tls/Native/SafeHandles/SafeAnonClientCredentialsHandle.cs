using System.Runtime.InteropServices;

namespace Qcrypto.Tls.Native;

/// <summary>Owns anonymous client credentials; releasing it calls gnutls_anon_free_client_credentials.</summary>
internal sealed class SafeAnonClientCredentialsHandle : SafeHandle
{
    public SafeAnonClientCredentialsHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    /// <summary>Wraps a handle GnuTLS gave us outside an out-parameter (e.g. from a list).</summary>
    internal SafeAnonClientCredentialsHandle(IntPtr existing)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(existing);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Interop.GnuTls.gnutls_anon_free_client_credentials(handle);
        return true;
    }
}
