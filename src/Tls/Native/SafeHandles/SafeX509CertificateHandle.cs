using System.Runtime.InteropServices;

namespace Qcrypto.Tls.Native.SafeHandles;

/// <summary>Owns one X.509 certificate (gnutls_x509_crt_t); releasing it calls gnutls_x509_crt_deinit.</summary>
internal sealed class SafeX509CertificateHandle : SafeHandle
{
    public SafeX509CertificateHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    /// <summary>Wraps a handle GnuTLS gave us outside an out-parameter (e.g. from a list).</summary>
    internal SafeX509CertificateHandle(IntPtr existing)
        : base(IntPtr.Zero, ownsHandle: true)
    {
        SetHandle(existing);
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Interop.GnuTls.gnutls_x509_crt_deinit(handle);
        return true;
    }
}
