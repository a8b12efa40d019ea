using Qcrypto.TestCerts.Tests.Support;

namespace Qcrypto.TestCerts.Tests;

/// <summary>Private keys: plain PKCS#8 and PBES2-encrypted PKCS#8 read back by GnuTLS and OpenSSL.</summary>
public class EncryptedKeyTests
{
    private const string Password = "correct horse battery staple";

    [Theory]
    [InlineData(KeyAlgorithm.Rsa2048)]
    [InlineData(KeyAlgorithm.EcdsaP256)]
    [InlineData(KeyAlgorithm.EcdsaP384)]
    public void EncryptedKeyDecryptsWithThePasswordInCerttoolAndOpenSslToTheCertificatesKey(KeyAlgorithm algorithm)
    {
        using var dir = new TempDir();
        var cert = new CertRequest(new("UK", "enc " + algorithm)) { KeyAlgorithm = algorithm }.Issue();
        var pem = cert.KeyToEncryptedPem(Password);
        Assert.StartsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----\n", pem);
        Assert.EndsWith("-----END ENCRYPTED PRIVATE KEY-----\n", pem);
        var keyPath = dir.Write("key.pem", pem);
        var certPath = dir.Write("cert.pem", cert.ToPem());

        // GnuTLS 3.7: reports the PBES2 scheme and decrypts.
        var gnutls = ExternalTool.Run("certtool", "-k", "--load-privkey", keyPath, "--password", Password).ShouldSucceed();
        Assert.Contains("Schema: PBES2-AES256-CBC", gnutls.Stdout);
        Assert.Contains("Iteration count: 2048", gnutls.Stdout);

        // OpenSSL: decrypts to the very key whose public half is in the certificate.
        var publicFromKey = ExternalTool.Run("openssl", "pkey", "-in", keyPath, "-passin", "pass:" + Password, "-pubout").ShouldSucceed().Stdout;
        var publicFromCert = ExternalTool.Run("openssl", "x509", "-in", certPath, "-noout", "-pubkey").ShouldSucceed().Stdout;
        Assert.Equal(publicFromCert, publicFromKey);

        // And OpenSSL confirms the structure: PBES2, PBKDF2 with HMAC-SHA256, AES-256-CBC.
        var asn1 = ExternalTool.Run("openssl", "asn1parse", "-in", keyPath).ShouldSucceed().Stdout;
        Assert.Contains(":PBES2", asn1);
        Assert.Contains(":PBKDF2", asn1);
        Assert.Contains(":hmacWithSHA256", asn1);
        Assert.Contains(":aes-256-cbc", asn1);
    }

    [Fact]
    public void EncryptedKeyDoesNotDecryptWithoutOrWithAWrongPassword()
    {
        using var dir = new TempDir();
        var keyPath = dir.Write("key.pem", new CertRequest(new("UK", "enc")) { KeyAlgorithm = KeyAlgorithm.EcdsaP256 }.Issue().KeyToEncryptedPem(Password));

        var wrongGnuTls = ExternalTool.Run("certtool", "-k", "--load-privkey", keyPath, "--password", "wrong").ShouldFail();
        Assert.Contains("Decryption has failed", wrongGnuTls.Stderr);
        // With no --password and no terminal, certtool cannot get one and fails.
        ExternalTool.Run("certtool", "-k", "--load-privkey", keyPath).ShouldFail();

        var wrongOpenSsl = ExternalTool.Run("openssl", "pkey", "-in", keyPath, "-passin", "pass:wrong", "-noout").ShouldFail();
        Assert.Contains("bad decrypt", wrongOpenSsl.Stderr);
        ExternalTool.Run("openssl", "pkey", "-in", keyPath, "-passin", "pass:", "-noout").ShouldFail();
    }

    [Fact]
    public void PlainKeyIsUnencryptedPkcs8ThatMatchesTheCertificate()
    {
        using var dir = new TempDir();
        var cert = QemuTestCerts.CredsX509Case("perfectserver").Leaf!;
        var pem = cert.KeyToPem();
        Assert.StartsWith("-----BEGIN PRIVATE KEY-----\n", pem);
        var keyPath = dir.Write("key.pem", pem);
        ExternalTool.Run("certtool", "-k", "--load-privkey", keyPath).ShouldSucceed();
        var publicFromKey = ExternalTool.Run("openssl", "pkey", "-in", keyPath, "-pubout").ShouldSucceed().Stdout;
        var publicFromCert = ExternalTool.Run("openssl", "x509", "-in", dir.Write("c.pem", cert.ToPem()), "-noout", "-pubkey").ShouldSucceed().Stdout;
        Assert.Equal(publicFromCert, publicFromKey);
        Assert.Equal(pem, ExternalTool.Run("openssl", "pkey", "-in", keyPath).ShouldSucceed().Stdout);
    }

    [Fact]
    public void EachEncryptionUsesFreshSaltAndIv()
    {
        var cert = new CertRequest(new("UK", "salt")) { KeyAlgorithm = KeyAlgorithm.EcdsaP256 }.Issue();
        Assert.NotEqual(cert.KeyToEncryptedPem(Password), cert.KeyToEncryptedPem(Password));
        Assert.Throws<ArgumentException>(() => cert.KeyToEncryptedPem(""));
    }
}
