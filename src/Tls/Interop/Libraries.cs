namespace Qcrypto.Tls;

internal static partial class Interop
{
    /// <summary>The system GnuTLS (Debian libgnutls30), the library QEMU itself links.</summary>
    internal static class Libraries
    {
        internal const string GnuTls = "libgnutls.so.30";
    }
}
