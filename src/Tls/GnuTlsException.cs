
namespace Qcrypto.Tls;

/// <summary>
/// A GnuTLS call failed. <see cref="Exception.Message"/> is "context: gnutls_strerror(code)", the form
/// QEMU uses ("Cannot allocate credentials: ..."); <see cref="ErrorCode"/> is the GnuTLS error code
/// and <see cref="ErrorName"/> its symbolic name (GNUTLS_E_...).
/// </summary>
public sealed class GnuTlsException : Exception
{
    public GnuTlsException(int code, string context)
        : base($"{context}: {Native.Interop.GnuTls.StrError(code)}")
    {
        ErrorCode = code;
        ErrorName = Native.Interop.GnuTls.ErrorName(code);
        Reason = Native.Interop.GnuTls.StrError(code);
    }

    public int ErrorCode { get; }

    public string? ErrorName { get; }

    /// <summary>gnutls_strerror alone.</summary>
    public string Reason { get; }

    /// <summary>Throws unless <paramref name="rc"/> is a success code.</summary>
    internal static int Check(int rc, string context) => rc < 0 ? throw new GnuTlsException(rc, context) : rc;
}
