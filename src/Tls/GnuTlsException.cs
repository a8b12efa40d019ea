using Qcrypto.Errors;

namespace Qcrypto.Tls;

/// <summary>
/// A GnuTLS call failed. <see cref="Exception.Message"/> is "context: gnutls_strerror(code)", the form
/// QEMU uses ("Cannot allocate credentials: ..."); <see cref="ErrorCode"/> is the GnuTLS error code
/// and <see cref="ErrorName"/> its symbolic name (GNUTLS_E_...).
/// </summary>
public sealed class GnuTlsException : QcryptoException
{
    public GnuTlsException(int code, string context)
        : base(TlsErrorCodes.Library, $"{context}: {Interop.GnuTls.StrError(code)}", null, null, null, null)
    {
        ErrorCode = code;
        ErrorName = Interop.GnuTls.ErrorName(code);
        Reason = Interop.GnuTls.StrError(code);
    }

    public int ErrorCode { get; }

    public string? ErrorName { get; }

    /// <summary>gnutls_strerror alone.</summary>
    public string Reason { get; }
}
