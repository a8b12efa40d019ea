using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace Qcrypto.TestCerts;

/// <summary>
/// A certificate subject or issuer: optional country, optional organization, common name — encoded in that
/// order (C first, as QEMU's test helper does), so GnuTLS prints it as "C=UK,CN=qemu", the form QEMU's authz
/// globs such as "C=UK,CN=qemu*" are matched against. QEMU's "simple" requests set no country ("CN=qemu-CA").
/// </summary>
public sealed record DistinguishedName(string? Country, string CommonName, string? Organization = null)
{
    /// <summary>
    /// The DN as QEMU sees it for authz matching: attributes in certificate order, comma-separated, no spaces
    /// (gnutls_x509_crt_get_dn, GnuTLS's "compat" order). Values here never need RFC 4514 escaping.
    /// </summary>
    public override string ToString()
    {
        var parts = new List<string>(3);
        if (Country is not null) parts.Add("C=" + Country);
        if (Organization is not null) parts.Add("O=" + Organization);
        parts.Add("CN=" + CommonName);
        return string.Join(',', parts);
    }

    internal X509Name ToX509Name()
    {
        var oids = new List<DerObjectIdentifier>(3);
        var values = new List<string>(3);
        if (Country is not null)
        {
            oids.Add(X509Name.C);
            values.Add(Country);
        }

        if (Organization is not null)
        {
            oids.Add(X509Name.O);
            values.Add(Organization);
        }

        oids.Add(X509Name.CN);
        values.Add(CommonName);
        return new X509Name(oids, values);
    }
}
