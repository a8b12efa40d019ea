using System.Runtime.InteropServices;
using Qcrypto.Tls.Native;

namespace Qcrypto.Tls.Sessions;

/// <summary>
/// A TLS alert the peer sent: its number, its RFC 8446 name (<c>certificate_required</c>, taken from GnuTLS's
/// GNUTLS_A_* names) and GnuTLS's description ("Certificate is required").
/// </summary>
public sealed record TlsAlert(int Number, string Name, string Description)
{
    public const int UnexpectedMessage = 10;
    public const int BadRecordMac = 20;
    public const int HandshakeFailure = 40;
    public const int BadCertificate = 42;
    public const int UnsupportedCertificate = 43;
    public const int CertificateRevoked = 44;
    public const int CertificateExpired = 45;
    public const int CertificateUnknown = 46;
    public const int IllegalParameter = 47;
    public const int UnknownCa = 48;
    public const int AccessDenied = 49;
    public const int DecodeError = 50;
    public const int DecryptError = 51;
    public const int ProtocolVersion = 70;
    public const int InsufficientSecurity = 71;
    public const int InternalError = 80;
    public const int UnrecognizedName = 112;
    public const int UnknownPskIdentity = 115;
    public const int CertificateRequired = 116;

    /// <summary>The alert with this number, named as GnuTLS names it.</summary>
    public static TlsAlert FromNumber(int number)
    {
        var symbol = Marshal.PtrToStringUTF8(Interop.GnuTls.gnutls_alert_get_strname(number));
        var name = symbol is null ? $"alert_{number}" : symbol.Replace("GNUTLS_A_", string.Empty, StringComparison.Ordinal).ToLowerInvariant();
        var description = Marshal.PtrToStringUTF8(Interop.GnuTls.gnutls_alert_get_name(number)) ?? "unknown alert";
        return new TlsAlert(number, name, description);
    }

    public override string ToString() => $"{Name} ({Number}, \"{Description}\")";
}
