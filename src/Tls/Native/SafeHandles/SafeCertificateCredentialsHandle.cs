using System.Runtime.InteropServices;

namespace Qcrypto.Tls.Native.SafeHandles;

/// <summary>Owns x509 certificate credentials; releasing it calls gnutls_certificate_free_credentials.</summary>
internal sealed class SafeCertificateCredentialsHandle : SafeHandle
{
    public SafeCertificateCredentialsHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Interop.GnuTls.gnutls_certificate_free_credentials(handle);
        return true;
    }
}
