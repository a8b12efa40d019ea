using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Qcrypto.Tls.Creation;

/// <summary>Key type of the certificates a <see cref="CertDirIssuer"/> makes.</summary>
public enum CertDirKeyType
{
    Rsa3072,
    EcdsaP256,
}

/// <summary>
/// Issues the CA, server and client certificates of a tls-creds-x509 directory with .NET's CertificateRequest (OpenSSL
/// underneath: fast key generation, AOT-safe), with the extensions QEMU's TLS documentation asks for: CA
/// (basicConstraints CA:TRUE critical, keyUsage keyCertSign+cRLSign critical), server (CA:FALSE, keyUsage
/// digitalSignature [+keyEncipherment for RSA] critical, extendedKeyUsage serverAuth, subjectAltName DNS/IP),
/// client (the same with clientAuth). Keys are written PKCS#8 PEM.
/// </summary>
public sealed class CertDirIssuer : IDisposable
{
    private readonly X509Certificate2 _ca;
    private readonly AsymmetricAlgorithm _caKey;

    private CertDirIssuer(X509Certificate2 ca, AsymmetricAlgorithm caKey)
    {
        _ca = ca;
        _caKey = caKey;
    }

    public X509Certificate2 Ca => _ca;

    /// <summary>A new self-signed CA.</summary>
    public static CertDirIssuer NewCa(string commonName, CertDirKeyType keyType, int days)
    {
        var key = NewKey(keyType);
        var request = Request(new X500DistinguishedName($"CN={commonName}"), key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        var cert = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(days));
        return new CertDirIssuer(cert, key);
    }

    /// <summary>The CA kept in <paramref name="certPem"/> and <paramref name="keyPem"/> (PKCS#8 or traditional PEM).</summary>
    /// <exception cref="InvalidDataException">either is not what it should be (our words: the runtime's are resource keys under NativeAOT).</exception>
    public static CertDirIssuer Load(string certPem, string keyPem)
    {
        X509Certificate2 cert;
        try
        {
            cert = X509Certificate2.CreateFromPem(certPem);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new InvalidDataException("ca-cert.pem holds no PEM certificate that can be read");
        }

        AsymmetricAlgorithm key;
        var rsaPublic = cert.GetRSAPublicKey();
        key = rsaPublic is null ? ECDsa.Create() : RSA.Create();
        rsaPublic?.Dispose();
        try
        {
            switch (key)
            {
                case RSA rsa:
                    rsa.ImportFromPem(keyPem);
                    break;
                case ECDsa ec:
                    ec.ImportFromPem(keyPem);
                    break;
            }
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            key.Dispose();
            cert.Dispose();
            throw new InvalidDataException($"ca-key.pem holds no unencrypted PEM {(key is RSA ? "RSA" : "EC")} private key (the type of ca-cert.pem's key) that can be read");
        }

        return new CertDirIssuer(cert, key);
    }

    public string CaKeyPem() => ExportKey(_caKey);

    /// <summary>A leaf certificate and its new private key (PEM).</summary>
    public (X509Certificate2 Cert, string KeyPem) Issue(string commonName, bool server, IReadOnlyList<string> dnsNames, IReadOnlyList<IPAddress> ips,
        CertDirKeyType keyType, int days)
    {
        using var key = NewKey(keyType);
        var request = Request(new X500DistinguishedName($"CN={Escape(commonName)}"), key);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        var usage = X509KeyUsageFlags.DigitalSignature | (keyType == CertDirKeyType.Rsa3072 ? X509KeyUsageFlags.KeyEncipherment : 0);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(server ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (dnsNames.Count + ips.Count > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var name in dnsNames)
            {
                san.AddDnsName(name);
            }

            foreach (var ip in ips)
            {
                san.AddIpAddress(ip);
            }

            request.CertificateExtensions.Add(san.Build(false));
        }

        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_ca, true, false));
        var now = DateTimeOffset.UtcNow;
        var notAfter = now.AddDays(days);
        if (notAfter > _ca.NotAfter)
        {
            notAfter = _ca.NotAfter;
        }

        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        var generator = _caKey is RSA rsa ? X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1) : X509SignatureGenerator.CreateForECDsa((ECDsa)_caKey);
        var cert = request.Create(_ca.SubjectName, generator, now.AddMinutes(-5), notAfter, serial);
        return (cert, ExportKey(key));
    }

    public void Dispose()
    {
        _ca.Dispose();
        _caKey.Dispose();
    }

    private static AsymmetricAlgorithm NewKey(CertDirKeyType keyType) =>
        keyType == CertDirKeyType.Rsa3072 ? RSA.Create(3072) : ECDsa.Create(ECCurve.NamedCurves.nistP256);

    private static CertificateRequest Request(X500DistinguishedName subject, AsymmetricAlgorithm key) => key switch
    {
        RSA rsa => new CertificateRequest(subject, rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1),
        ECDsa ec => new CertificateRequest(subject, ec, HashAlgorithmName.SHA256),
        _ => throw new ArgumentException("unsupported key", nameof(key)),
    };

    private static string ExportKey(AsymmetricAlgorithm key) => key switch
    {
        RSA rsa => rsa.ExportPkcs8PrivateKeyPem(),
        ECDsa ec => ec.ExportPkcs8PrivateKeyPem(),
        _ => throw new ArgumentException("unsupported key", nameof(key)),
    };

    private static string Escape(string value) => value.IndexOfAny([',', '+', '"', '\\', '<', '>', ';', '=']) >= 0 ? $"\"{value.Replace("\"", "\\\"", StringComparison.Ordinal)}\"" : value;
}
