using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.X509;

namespace Qcrypto.TestCerts;

/// <summary>A signed certificate together with its private key, ready to be written out.</summary>
public sealed class IssuedCert
{
    internal IssuedCert(CertRequest request, X509Certificate certificate, AsymmetricCipherKeyPair keyPair)
    {
        Request = request;
        Certificate = certificate;
        KeyPair = keyPair;
    }

    /// <summary>The request this certificate was made from.</summary>
    public CertRequest Request { get; }

    /// <summary>The certificate.</summary>
    public X509Certificate Certificate { get; }

    /// <summary>The subject's key pair (possibly shared with other certificates, see <see cref="KeyPairs"/>).</summary>
    public AsymmetricCipherKeyPair KeyPair { get; }

    /// <summary>The subject's private key.</summary>
    public AsymmetricKeyParameter PrivateKey => KeyPair.Private;

    /// <summary>The subject DN.</summary>
    public DistinguishedName Subject => Request.Subject;

    /// <summary>The serial number (what a CRL revokes).</summary>
    public long SerialNumber => Certificate.SerialNumber.LongValue;

    /// <summary>DER bytes of the certificate.</summary>
    public byte[] ToDer() => Certificate.GetEncoded();

    /// <summary>"-----BEGIN CERTIFICATE-----" PEM.</summary>
    public string ToPem() => Pem.Encode("CERTIFICATE", Certificate.GetEncoded());

    /// <summary>Unencrypted PKCS#8 DER of the private key.</summary>
    public byte[] KeyToDer() => PrivateKeyEncoding.ToPkcs8Der(PrivateKey);

    /// <summary>Unencrypted PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----").</summary>
    public string KeyToPem() => Pem.Encode("PRIVATE KEY", KeyToDer());

    /// <summary>
    /// Encrypted PKCS#8 PEM ("-----BEGIN ENCRYPTED PRIVATE KEY-----"): PBES2, PBKDF2-HMAC-SHA256,
    /// AES-256-CBC, random salt and IV. <paramref name="iterations"/> defaults to OpenSSL's 2048: these are
    /// test keys, and a higher count only slows the tests down.
    /// </summary>
    public string KeyToEncryptedPem(string password, int iterations = 2048) =>
        Pem.Encode("ENCRYPTED PRIVATE KEY", PrivateKeyEncoding.ToEncryptedPkcs8Der(PrivateKey, password, iterations));

    /// <inheritdoc />
    public override string ToString() => $"{Subject} (serial {SerialNumber:x})";
}
