using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.X509;
using Org.BouncyCastle.X509.Extension;
using BcBasicConstraints = Org.BouncyCastle.Asn1.X509.BasicConstraints;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;
using BcKeyUsage = Org.BouncyCastle.Asn1.X509.KeyUsage;

namespace Qcrypto.TestCerts;

/// <summary>Turns a <see cref="CertRequest"/> into a signed X.509 v3 certificate.</summary>
internal static class CertificateSigner
{
    public static IssuedCert Sign(CertRequest request)
    {
        var keyPair = request.KeyPair ?? KeyPairs.Shared(request.KeyAlgorithm);
        var now = DateTime.UtcNow;
        var serial = request.SerialNumber ?? Serials.Next();
        var subject = request.Subject.ToX509Name();

        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(BcBigInteger.ValueOf(serial));
        generator.SetSubjectDN(subject);
        // The issuer name is copied from the issuer certificate's encoding, not rebuilt, so it matches byte for byte.
        generator.SetIssuerDN(request.Issuer?.Certificate.SubjectDN ?? subject);
        generator.SetNotBefore(request.Validity.NotBeforeAt(now));
        generator.SetNotAfter(request.Validity.NotAfterAt(now));
        generator.SetPublicKey(keyPair.Public);

        if (request.BasicConstraints is { } bc)
        {
            if (bc.PathLength is not null && !bc.IsCA)
            {
                throw new ArgumentException("pathLenConstraint needs cA = TRUE", nameof(request));
            }

            var value = bc.PathLength is { } pathLength ? new BcBasicConstraints(pathLength) : new BcBasicConstraints(bc.IsCA);
            generator.AddExtension(X509Extensions.BasicConstraints, bc.Critical, value);
        }

        if (request.KeyUsage is { } ku)
        {
            generator.AddExtension(X509Extensions.KeyUsage, ku.Critical, new BcKeyUsage(ToBouncyCastleBits(ku.Flags)));
        }

        if (request.ExtendedKeyUsage is { } eku)
        {
            var purposes = eku.Oids.Select(oid => (Asn1Encodable)new DerObjectIdentifier(oid)).ToArray();
            generator.AddExtension(X509Extensions.ExtendedKeyUsage, eku.Critical, new DerSequence(purposes));
        }

        if (request.DnsNames.Count + request.IpAddresses.Count > 0)
        {
            var names = request.DnsNames.Select(d => new GeneralName(GeneralName.DnsName, d))
                .Concat(request.IpAddresses.Select(ip => new GeneralName(GeneralName.IPAddress, new DerOctetString(ip.GetAddressBytes()))))
                .ToArray();
            generator.AddExtension(X509Extensions.SubjectAlternativeName, false, new GeneralNames(names));
        }

        if (request.KeyIdentifiers)
        {
            generator.AddExtension(X509Extensions.SubjectKeyIdentifier, false,
                X509ExtensionUtilities.CreateSubjectKeyIdentifier(keyPair.Public));
            if (request.Issuer is { } issuer)
            {
                generator.AddExtension(X509Extensions.AuthorityKeyIdentifier, false,
                    X509ExtensionUtilities.CreateAuthorityKeyIdentifier(issuer.KeyPair.Public));
            }
        }

        var signingKey = request.Issuer?.PrivateKey ?? keyPair.Private;
        var certificate = generator.Generate(new Asn1SignatureFactory(SignatureAlgorithm(request.SignatureHash, signingKey), signingKey));
        return new IssuedCert(request, certificate, keyPair);
    }

    /// <summary>BouncyCastle's algorithm name, e.g. "SHA256WITHRSA" or "SHA1WITHECDSA".</summary>
    internal static string SignatureAlgorithm(SignatureHash hash, AsymmetricKeyParameter signingKey)
    {
        var digest = hash switch
        {
            SignatureHash.Sha256 => "SHA256",
            SignatureHash.Sha384 => "SHA384",
            SignatureHash.Sha512 => "SHA512",
            SignatureHash.Sha1 => "SHA1",
            _ => throw new ArgumentOutOfRangeException(nameof(hash), hash, "unknown hash"),
        };
        return signingKey switch
        {
            RsaKeyParameters => digest + "WITHRSA",
            ECKeyParameters => digest + "WITHECDSA",
            _ => throw new ArgumentException($"unsupported signing key {signingKey.GetType().Name}", nameof(signingKey)),
        };
    }

    private static int ToBouncyCastleBits(KeyUsageFlags flags)
    {
        var bits = 0;
        if (flags.HasFlag(KeyUsageFlags.DigitalSignature)) bits |= BcKeyUsage.DigitalSignature;
        if (flags.HasFlag(KeyUsageFlags.NonRepudiation)) bits |= BcKeyUsage.NonRepudiation;
        if (flags.HasFlag(KeyUsageFlags.KeyEncipherment)) bits |= BcKeyUsage.KeyEncipherment;
        if (flags.HasFlag(KeyUsageFlags.DataEncipherment)) bits |= BcKeyUsage.DataEncipherment;
        if (flags.HasFlag(KeyUsageFlags.KeyAgreement)) bits |= BcKeyUsage.KeyAgreement;
        if (flags.HasFlag(KeyUsageFlags.KeyCertSign)) bits |= BcKeyUsage.KeyCertSign;
        if (flags.HasFlag(KeyUsageFlags.CrlSign)) bits |= BcKeyUsage.CrlSign;
        if (flags.HasFlag(KeyUsageFlags.EncipherOnly)) bits |= BcKeyUsage.EncipherOnly;
        if (flags.HasFlag(KeyUsageFlags.DecipherOnly)) bits |= BcKeyUsage.DecipherOnly;
        return bits;
    }
}
