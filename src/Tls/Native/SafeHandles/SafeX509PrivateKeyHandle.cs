using System.Runtime.InteropServices;

namespace Qcrypto.Tls.Native.SafeHandles;

/// <summary>Owns an X.509 private key (gnutls_x509_privkey_t); releasing it calls gnutls_x509_privkey_deinit.</summary>
internal sealed class SafeX509PrivateKeyHandle : SafeHandle
{
    public SafeX509PrivateKeyHandle()
        : base(IntPtr.Zero, ownsHandle: true)
    {
    }

    public override bool IsInvalid => handle == IntPtr.Zero;

    protected override bool ReleaseHandle()
    {
        Interop.GnuTls.gnutls_x509_privkey_deinit(handle);
        return true;
    }
}
