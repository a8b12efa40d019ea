using System.Net;
using Org.BouncyCastle.Crypto;

namespace Qcrypto.TestCerts;

/// <summary>
/// Everything that goes into one test certificate. Mirrors QEMU's QCryptoTLSTestCertReq
/// (tests/unit/crypto-tls-x509-helpers.h): a null extension is an absent extension, so every
/// "present / critical / value" combination QEMU's tests use can be written down.
/// </summary>
/// <param name="Subject">The subject DN.</param>
public sealed record CertRequest(DistinguishedName Subject)
{
    /// <summary>The CA that signs this certificate; null makes it self-signed (a root).</summary>
    public IssuedCert? Issuer { get; init; }

    /// <summary>Key type, used when <see cref="KeyPair"/> is null to pick the process-wide shared key.</summary>
    public KeyAlgorithm KeyAlgorithm { get; init; } = KeyAlgorithm.Rsa2048;

    /// <summary>An explicit key pair; null means <see cref="KeyPairs.Shared"/>(<see cref="KeyAlgorithm"/>).</summary>
    public AsymmetricCipherKeyPair? KeyPair { get; init; }

    /// <summary>basicConstraints, or null to leave the extension out.</summary>
    public BasicConstraintsExtension? BasicConstraints { get; init; }

    /// <summary>keyUsage, or null to leave the extension out.</summary>
    public KeyUsageExtension? KeyUsage { get; init; }

    /// <summary>extendedKeyUsage, or null to leave the extension out.</summary>
    public ExtendedKeyUsageExtension? ExtendedKeyUsage { get; init; }

    /// <summary>subjectAltName dNSName entries, written before the IP addresses (as QEMU's helper does).</summary>
    public IReadOnlyList<string> DnsNames { get; init; } = [];

    /// <summary>subjectAltName iPAddress entries (4 or 16 octets).</summary>
    public IReadOnlyList<IPAddress> IpAddresses { get; init; } = [];

    /// <summary>notBefore/notAfter relative to the moment of issue.</summary>
    public Validity Validity { get; init; } = Validity.Default;

    /// <summary>Digest of the issuer's signature.</summary>
    public SignatureHash SignatureHash { get; init; } = SignatureHash.Sha256;

    /// <summary>
    /// The serial number; null draws a random positive 63-bit one. (QEMU's helper gives every certificate the
    /// same serial 0102030405; distinct serials are needed here so a CRL can revoke one certificate and not another.)
    /// </summary>
    public long? SerialNumber { get; init; }

    /// <summary>
    /// Whether to write subjectKeyIdentifier (and authorityKeyIdentifier when issued by a CA). On by default:
    /// OpenSSL and GnuTLS use them to pick issuers. QEMU's helper writes neither.
    /// </summary>
    public bool KeyIdentifiers { get; init; } = true;

    /// <summary>Signs the certificate (with the issuer's key, or its own when self-signed).</summary>
    public IssuedCert Issue() => CertificateSigner.Sign(this);
}
