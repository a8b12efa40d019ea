using Qcrypto.TestCerts.Tests.Support;

namespace Qcrypto.TestCerts.Tests;

/// <summary>Every certificate the scenarios hold parses with GnuTLS and with OpenSSL.</summary>
public class CertificateParsingTests
{
    [Fact]
    public void EveryCertificateParsesWithCerttoolAndOpenSsl()
    {
        using var dir = new TempDir();
        var all = AllCertificates.List;
        Assert.True(all.Count > 60, $"only {all.Count} distinct certificates were collected");
        // One file with everything for certtool (which reports each certificate of a PEM bundle), and the
        // same certificates one by one for openssl x509 (which reads only the first).
        var bundle = dir.Write("all.pem", string.Concat(all.Select(c => c.Cert.ToPem())));
        var info = ExternalTool.Run("certtool", "--certificate-info", "--infile", bundle).ShouldSucceed().Stdout;
        Assert.Equal(all.Count, Count(info, "X.509 Certificate Information:"));

        foreach (var (origin, cert) in all)
        {
            var path = dir.Write("one.pem", cert.ToPem());
            var text = ExternalTool.Run("openssl", "x509", "-in", path, "-noout", "-text").ShouldSucceed().Stdout;
            Assert.Contains("Version: 3 (0x2)", text);
            Assert.Contains($"Serial Number: {cert.SerialNumber} (0x{cert.SerialNumber:x})", text);
            var der = ExternalTool.Run("openssl", "x509", "-in", path, "-outform", "PEM").ShouldSucceed().Stdout;
            Assert.True(der == cert.ToPem(), $"{origin}: OpenSSL re-encodes the certificate differently (not DER?)");
        }
    }

    [Theory]
    [InlineData(KeyAlgorithm.Rsa1024, "(1024 bits)", "Subject Public Key Algorithm: RSA")]
    [InlineData(KeyAlgorithm.Rsa2048, "(2048 bits)", "Subject Public Key Algorithm: RSA")]
    [InlineData(KeyAlgorithm.Rsa3072, "(3072 bits)", "Subject Public Key Algorithm: RSA")]
    [InlineData(KeyAlgorithm.Rsa4096, "(4096 bits)", "Subject Public Key Algorithm: RSA")]
    [InlineData(KeyAlgorithm.EcdsaP256, "(256 bits)", "Curve:\tSECP256R1")]
    [InlineData(KeyAlgorithm.EcdsaP384, "(384 bits)", "Curve:\tSECP384R1")]
    public void EveryKeyTypeSignsAndIsSignedAndCerttoolNamesIt(KeyAlgorithm algorithm, string securityLevel, string keyLine)
    {
        using var dir = new TempDir();
        var ca = new CertRequest(new("UK", "CA " + algorithm))
        {
            KeyAlgorithm = algorithm,
            BasicConstraints = BasicConstraintsExtension.CriticalCA,
            KeyUsage = new(true, KeyUsageFlags.KeyCertSign),
        }.Issue();
        var leaf = new CertRequest(new("UK", "leaf " + algorithm)) { Issuer = ca, KeyAlgorithm = algorithm }.Issue();
        var caPath = dir.Write("ca.pem", ca.ToPem());
        var leafPath = dir.Write("leaf.pem", leaf.ToPem());

        var info = ExternalTool.Run("certtool", "-i", "--infile", leafPath).ShouldSucceed().Stdout;
        Assert.Contains(securityLevel, info);
        Assert.Contains(keyLine, info);
        Assert.Equal(algorithm, KeyPairs.AlgorithmOf(leaf.KeyPair.Public));
        ExternalTool.Run("certtool", "--verify", "--load-ca-certificate", caPath, "--infile", leafPath).ShouldSucceed();
    }

    [Fact]
    public void SharedKeysAreSharedAndFreshKeysAreNot()
    {
        Assert.Same(KeyPairs.Shared(KeyAlgorithm.EcdsaP256), KeyPairs.Shared(KeyAlgorithm.EcdsaP256));
        Assert.NotEqual(KeyPairs.Generate(KeyAlgorithm.EcdsaP256).Public, KeyPairs.Generate(KeyAlgorithm.EcdsaP256).Public);
        // QEMU's convention: every certificate of its tables has the same (shared RSA-2048) key.
        var keys = QemuTestCerts.CredsX509Cases().SelectMany(s => s.CaCerts.Append(s.Leaf)).OfType<IssuedCert>()
            .Select(c => c.KeyPair.Public).Distinct().ToArray();
        Assert.Equal([KeyPairs.Shared(KeyAlgorithm.Rsa2048).Public], keys);
    }

    [Fact]
    public void SerialsAreDistinctAndPositive()
    {
        var serials = AllCertificates.List.Select(c => c.Cert.SerialNumber).ToArray();
        Assert.All(serials, s => Assert.True(s > 0));
        Assert.Equal(serials.Length, serials.Distinct().Count());
        var fixedSerial = new CertRequest(new("UK", "fixed")) { SerialNumber = 0x0102030405, KeyAlgorithm = KeyAlgorithm.EcdsaP256 }.Issue();
        Assert.Equal(0x0102030405, fixedSerial.SerialNumber);
    }

    [Fact]
    public void ValidityOffsetsLandWhereAsked()
    {
        using var dir = new TempDir();
        var before = DateTime.UtcNow;
        var cert = new CertRequest(new("UK", "dated"))
        {
            KeyAlgorithm = KeyAlgorithm.EcdsaP256,
            Validity = new(TimeSpan.FromHours(-3), TimeSpan.FromDays(10)),
        }.Issue();
        var after = DateTime.UtcNow;
        var dates = ExternalTool.Run("openssl", "x509", "-in", dir.Write("c.pem", cert.ToPem()), "-noout", "-startdate", "-enddate")
            .ShouldSucceed().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToDictionary(l => l[..l.IndexOf('=')], l => ParseOpenSslDate(l[(l.IndexOf('=') + 1)..]));
        // Whole seconds: the instants are truncated, so allow the second they were truncated within.
        Assert.InRange(dates["notBefore"], before.AddHours(-3).AddSeconds(-1), after.AddHours(-3));
        Assert.InRange(dates["notAfter"], before.AddDays(10).AddSeconds(-1), after.AddDays(10));
    }

    private static DateTime ParseOpenSslDate(string text)
    {
        // "Nov  5 21:41:32 2026 GMT"
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return DateTime.ParseExact($"{parts[0]} {parts[1]} {parts[2]} {parts[3]}", "MMM d HH:mm:ss yyyy",
            System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
    }

    private static int Count(string text, string needle)
    {
        var count = 0;
        for (var i = text.IndexOf(needle, StringComparison.Ordinal); i >= 0; i = text.IndexOf(needle, i + 1, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
