using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Qcrypto.TestCerts;

/// <summary>
/// Builds an X.509 v2 CRL (RFC 5280 section 5) signed by a CA. Note that OpenSSL (and GnuTLS) refuse a CRL
/// whose issuer has a keyUsage without cRLSign, so a CA meant to sign CRLs should carry
/// <see cref="KeyUsageFlags.CrlSign"/> (QEMU's test CAs have keyCertSign only).
/// </summary>
public sealed class CrlBuilder
{
    private readonly IssuedCert _issuer;
    private readonly List<long> _revoked = [];
    private TimeSpan _thisUpdate = TimeSpan.FromMinutes(-1);
    private TimeSpan _nextUpdate = TimeSpan.FromDays(7);
    private SignatureHash _hash = TestCerts.SignatureHash.Sha256;
    private long _crlNumber = 1;

    /// <summary>A CRL to be signed by <paramref name="issuer"/>.</summary>
    public CrlBuilder(IssuedCert issuer) => _issuer = issuer;

    /// <summary>Lists <paramref name="serial"/> as revoked (reason keyCompromise).</summary>
    public CrlBuilder Revoke(long serial)
    {
        _revoked.Add(serial);
        return this;
    }

    /// <summary>Lists <paramref name="cert"/>'s serial as revoked.</summary>
    public CrlBuilder Revoke(IssuedCert cert) => Revoke(cert.SerialNumber);

    /// <summary>thisUpdate as an offset from the moment of building (default: a minute ago).</summary>
    public CrlBuilder ThisUpdate(TimeSpan offset)
    {
        _thisUpdate = offset;
        return this;
    }

    /// <summary>nextUpdate as an offset from the moment of building (default: in 7 days).</summary>
    public CrlBuilder NextUpdate(TimeSpan offset)
    {
        _nextUpdate = offset;
        return this;
    }

    /// <summary>A CRL that went stale: issued two days ago, nextUpdate an hour ago.</summary>
    public CrlBuilder Expired() => ThisUpdate(TimeSpan.FromDays(-2)).NextUpdate(TimeSpan.FromHours(-1));

    /// <summary>Digest of the CRL signature (default SHA-256).</summary>
    public CrlBuilder SignedWith(SignatureHash hash)
    {
        _hash = hash;
        return this;
    }

    /// <summary>The cRLNumber extension value (default 1).</summary>
    public CrlBuilder CrlNumber(long number)
    {
        _crlNumber = number;
        return this;
    }

    /// <summary>Signs the CRL.</summary>
    public IssuedCrl Build()
    {
        var now = DateTime.UtcNow;
        var generator = new X509V2CrlGenerator();
        generator.SetIssuerDN(_issuer.Certificate.SubjectDN);
        generator.SetThisUpdate(Truncate(now + _thisUpdate));
        generator.SetNextUpdate(Truncate(now + _nextUpdate));
        foreach (var serial in _revoked)
        {
            generator.AddCrlEntry(BcBigInteger.ValueOf(serial), Truncate(now + _thisUpdate), CrlReason.KeyCompromise);
        }

        // cRLNumber and authorityKeyIdentifier are the two extensions RFC 5280 5.2 says conforming issuers MUST include.
        generator.AddExtension(X509Extensions.CrlNumber, false, new CrlNumber(BcBigInteger.ValueOf(_crlNumber)));
        generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false,
            X509ExtensionUtilities.CreateAuthorityKeyIdentifier(_issuer.KeyPair.Public));

        var algorithm = CertificateSigner.SignatureAlgorithm(_hash, _issuer.PrivateKey);
        var crl = generator.Generate(new Asn1SignatureFactory(algorithm, _issuer.PrivateKey));
        return new IssuedCrl(crl, _revoked.ToArray());
    }

    private static DateTime Truncate(DateTime t) => new(t.Ticks - (t.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
}
