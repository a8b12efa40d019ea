using System.Net;

namespace Qcrypto.TestCerts;

/// <summary>
/// The certificate request conventions of QEMU's tests (tests/unit/crypto-tls-x509-helpers.h): all certificates
/// share one RSA key, validity is given in whole hours from now, and the *_SIMPLE macros describe the usual CA,
/// server and client certificates.
/// </summary>
public static class QemuTestRequests
{
    /// <summary>
    /// QEMU's start_offset/expire_offset: notBefore = now + start hours; notAfter = now + expire hours, where an
    /// expire of 0 means 24 hours. (So QEMU's expired certificates run from now to an hour ago: notBefore after notAfter.)
    /// </summary>
    public static Validity Hours(int start, int expire) =>
        new(TimeSpan.FromHours(start), TimeSpan.FromHours(expire == 0 ? 24 : expire));

    /// <summary>
    /// TLS_ROOT_REQ / TLS_CERT_REQ: C=<paramref name="country"/>, CN=<paramref name="commonName"/>, the given
    /// extensions, signed by <paramref name="issuer"/> (null: self-signed) with the shared RSA-2048 key and SHA-256.
    /// </summary>
    public static CertRequest Request(
        string? country,
        string commonName,
        IssuedCert? issuer,
        BasicConstraintsExtension? basicConstraints,
        KeyUsageExtension? keyUsage,
        ExtendedKeyUsageExtension? extendedKeyUsage,
        int startHours = 0,
        int expireHours = 0) =>
        new(new DistinguishedName(country, commonName))
        {
            Issuer = issuer,
            KeyAlgorithm = KeyAlgorithm.Rsa2048,
            BasicConstraints = basicConstraints,
            KeyUsage = keyUsage,
            ExtendedKeyUsage = extendedKeyUsage,
            Validity = Hours(startHours, expireHours),
        };

    /// <summary>TLS_ROOT_REQ_SIMPLE: CN "qemu-CA" (no country), BC critical CA, KU critical keyCertSign.</summary>
    public static CertRequest RootSimple(string commonName = "qemu-CA") =>
        Request(null, commonName, null, BasicConstraintsExtension.CriticalCA, new(true, KeyUsageFlags.KeyCertSign), null);

    /// <summary>
    /// TLS_CERT_REQ_SIMPLE_CLIENT: CN=<paramref name="name"/>, BC critical CA=FALSE, KU critical
    /// digitalSignature + keyEncipherment, EKU critical clientAuth.
    /// </summary>
    public static CertRequest ClientSimple(IssuedCert ca, string name = "qemu") =>
        Request(null, name, ca, BasicConstraintsExtension.CriticalLeaf,
            new(true, KeyUsageFlags.DigitalSignature | KeyUsageFlags.KeyEncipherment),
            new(true, KeyPurposeOids.ClientAuth));

    /// <summary>
    /// TLS_CERT_REQ_SIMPLE_SERVER: CN = hostname (or the IP when no hostname), SAN DNS = hostname, SAN IP = ipAddress,
    /// BC critical CA=FALSE, KU critical digitalSignature + keyEncipherment, EKU critical serverAuth.
    /// </summary>
    public static CertRequest ServerSimple(IssuedCert ca, string? hostname = "qemu.org", string? ipAddress = null)
    {
        var cn = hostname ?? ipAddress ?? throw new ArgumentException("a server needs a hostname or an IP address");
        return Request(null, cn, ca, BasicConstraintsExtension.CriticalLeaf,
            new(true, KeyUsageFlags.DigitalSignature | KeyUsageFlags.KeyEncipherment),
            new(true, KeyPurposeOids.ServerAuth)) with
        {
            DnsNames = hostname is null ? [] : [hostname],
            IpAddresses = ipAddress is null ? [] : [IPAddress.Parse(ipAddress)],
        };
    }
}
