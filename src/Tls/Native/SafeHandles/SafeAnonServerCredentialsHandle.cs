using System.Runtime.InteropServices;

namespace Qcrypto.Tls.Native;

/// <summary>Owns anonymous server credentials; releasing it calls gnutls_anon_free_server_credentials.</summary>
internal sealed class SafeAnonServerCredentialsHandle : SafeHandle
{
    public SafeAnonServerCredentialsHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    /// <summary>Wraps a handle GnuTLS gave us outside an out-parameter (e.g. from a list).</summary>
    internal SafeAnonServerCredentialsHandle(IntPtr existing)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(existing);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Interop.GnuTls.gnutls_anon_free_server_credentials(handle);
        return true;
    }
}
