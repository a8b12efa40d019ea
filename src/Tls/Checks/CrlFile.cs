using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security.Certificates;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Qcrypto.Tls.Checks;

/// <summary>
/// ca-crl.pem as BouncyCastle parses it. GnuTLS 3.7 (libtasn1) needs about 60 µs per revoked entry to import a
/// CRL, so a 10,000-entry CRL costs 0.6 s; the emulator's own object already pays that once, and the checker's
/// questions (issuer, signature, dates, is our certificate listed) do not need GnuTLS's view of the entries.
/// </summary>
internal sealed class CrlFile
{
    private readonly X509Crl _crl;

    private CrlFile(X509Crl crl) => _crl = crl;

    public string Issuer => _crl.IssuerDN.ToString();

    public DateTimeOffset ThisUpdate => new(DateTime.SpecifyKind(_crl.ThisUpdate, DateTimeKind.Utc));

    public DateTimeOffset? NextUpdate => _crl.NextUpdate is { } n ? new DateTimeOffset(DateTime.SpecifyKind(n, DateTimeKind.Utc)) : null;

    public int Count => _crl.GetRevokedCertificates()?.Count ?? 0;

    public string SignatureAlgorithmName => _crl.SigAlgName;

    /// <summary>Every CRL in <paramref name="pem"/>; null (and why) when the file is not a PEM CRL.</summary>
    public static List<CrlFile>? Parse(byte[] pem, out string? error)
    {
        error = null;
        try
        {
            var crls = new X509CrlParser().ReadCrls(pem).Select(c => new CrlFile(c)).ToList();
            return crls;
        }
        catch (Exception e) when (e is CrlException or IOException or ArgumentException or InvalidCastException or InvalidOperationException or FormatException)
        {
            error = e.Message;
            return null;
        }
    }

    /// <summary>BouncyCastle views of the certificates in <paramref name="pem"/> (for issuer and serial lookups).</summary>
    public static List<X509Certificate> Certificates(byte[] pem)
    {
        try
        {
            return new X509CertificateParser().ReadCertificates(pem).ToList();
        }
        catch (Exception e) when (e is CertificateException or IOException or ArgumentException or InvalidCastException or InvalidOperationException or FormatException)
        {
            return [];
        }
    }

    public bool IsIssuedBy(X509Certificate ca) => _crl.IssuerDN.Equivalent(ca.SubjectDN);

    public Org.BouncyCastle.Asn1.X509.X509Name IssuerDN() => _crl.IssuerDN;

    /// <summary>Whether the CRL's signature verifies with <paramref name="ca"/>'s key.</summary>
    public bool SignatureVerifies(X509Certificate ca, out string? why)
    {
        try
        {
            _crl.Verify(ca.GetPublicKey());
            why = null;
            return true;
        }
        catch (Exception e) when (e is CrlException or InvalidKeyException or SignatureException or SecurityUtilityException or ArgumentException or InvalidOperationException)
        {
            why = e.Message;
            return false;
        }
    }

    /// <summary>Whether the CRL lists the certificate with <paramref name="serial"/>.</summary>
    public bool Revokes(BigInteger serial) => _crl.GetRevokedCertificate(serial) is not null;
}
