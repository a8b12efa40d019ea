using Qcrypto.TestCerts.Tests.Support;

namespace Qcrypto.TestCerts.Tests;

/// <summary>CRLs: OpenSSL lists what was revoked and refuses the revoked certificate; GnuTLS parses and verifies them.</summary>
public class CrlTests
{
    private static IssuedCert MakeCa() => new CertRequest(new("UK", "CRL CA"))
    {
        KeyAlgorithm = KeyAlgorithm.EcdsaP256,
        BasicConstraints = BasicConstraintsExtension.CriticalCA,
        KeyUsage = new(true, KeyUsageFlags.KeyCertSign | KeyUsageFlags.CrlSign),
    }.Issue();

    private static IssuedCert MakeLeaf(IssuedCert ca, string cn) =>
        new CertRequest(new("UK", cn)) { Issuer = ca, KeyAlgorithm = KeyAlgorithm.EcdsaP256 }.Issue();

    [Fact]
    public void OpenSslListsTheRevokedSerialsAndRejectsOnlyTheRevokedCertificate()
    {
        using var dir = new TempDir();
        var ca = MakeCa();
        var revoked = MakeLeaf(ca, "revoked");
        var alsoRevoked = MakeLeaf(ca, "also revoked");
        var fine = MakeLeaf(ca, "fine");
        var crl = new CrlBuilder(ca).Revoke(revoked).Revoke(alsoRevoked.SerialNumber).CrlNumber(42).Build();
        Assert.Equal([revoked.SerialNumber, alsoRevoked.SerialNumber], crl.RevokedSerials);
        var crlPath = dir.Write("crl.pem", crl.ToPem());
        var caPath = dir.Write("ca.pem", ca.ToPem());
        Assert.StartsWith("-----BEGIN X509 CRL-----\n", crl.ToPem());

        var text = ExternalTool.Run("openssl", "crl", "-in", crlPath, "-noout", "-text").ShouldSucceed().Stdout;
        Assert.Contains($"Serial Number: {OpenSslHex(revoked.SerialNumber)}\n", text);
        Assert.Contains($"Serial Number: {OpenSslHex(alsoRevoked.SerialNumber)}\n", text);
        Assert.DoesNotContain($"{fine.SerialNumber:X}", text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("X509v3 CRL Number: \n                42", text);
        Assert.Contains("Key Compromise", text);
        Assert.Contains("Issuer: C = UK, CN = CRL CA", text);

        var rejected = ExternalTool.Run("openssl", "verify", "-crl_check", "-CAfile", caPath, "-CRLfile", crlPath,
            dir.Write("revoked.pem", revoked.ToPem())).ShouldFail();
        Assert.Contains("certificate revoked", rejected.Stdout + rejected.Stderr);
        ExternalTool.Run("openssl", "verify", "-crl_check", "-CAfile", caPath, "-CRLfile", crlPath,
            dir.Write("fine.pem", fine.ToPem())).ShouldSucceed();
    }

    /// <summary>OpenSSL prints CRL serials as upper-case hex in whole bytes (a leading 0 when needed).</summary>
    private static string OpenSslHex(long serial)
    {
        var hex = serial.ToString("X");
        return hex.Length % 2 == 0 ? hex : "0" + hex;
    }

    [Fact]
    public void GnuTlsParsesTheCrlAndVerifiesItsSignature()
    {
        using var dir = new TempDir();
        var ca = MakeCa();
        var leaf = MakeLeaf(ca, "revoked");
        var crlPath = dir.Write("crl.pem", new CrlBuilder(ca).Revoke(leaf).Build().ToPem());
        var info = ExternalTool.Run("certtool", "--crl-info", "--infile", crlPath).ShouldSucceed().Stdout;
        Assert.Contains("Revoked certificates (1):", info);
        Assert.Contains($"{leaf.SerialNumber:x}", info.Replace(":", ""), StringComparison.OrdinalIgnoreCase);
        var verify = ExternalTool.Run("certtool", "--verify-crl", "--load-ca-certificate", dir.Write("ca.pem", ca.ToPem()), "--infile", crlPath)
            .ShouldSucceed();
        Assert.Contains("Verified.", verify.Stdout);

        // Same name, different key: the signature must be what fails.
        var otherCa = (new CertRequest(new("UK", "CRL CA")) with
        {
            KeyPair = KeyPairs.Generate(KeyAlgorithm.EcdsaP256),
            BasicConstraints = BasicConstraintsExtension.CriticalCA,
            KeyUsage = new(true, KeyUsageFlags.KeyCertSign | KeyUsageFlags.CrlSign),
        }).Issue();
        ExternalTool.Run("certtool", "--verify-crl", "--load-ca-certificate", dir.Write("other.pem", otherCa.ToPem()), "--infile", crlPath)
            .ShouldFail();
    }

    [Fact]
    public void AnExpiredCrlIsReportedAsExpired()
    {
        using var dir = new TempDir();
        var ca = MakeCa();
        var leaf = MakeLeaf(ca, "fine");
        var crlPath = dir.Write("crl.pem", new CrlBuilder(ca).Revoke(12345).Expired().Build().ToPem());
        var stale = ExternalTool.Run("openssl", "verify", "-crl_check", "-CAfile", dir.Write("ca.pem", ca.ToPem()), "-CRLfile", crlPath,
            dir.Write("leaf.pem", leaf.ToPem())).ShouldFail();
        Assert.Contains("CRL has expired", stale.Stdout + stale.Stderr);
        var info = ExternalTool.Run("certtool", "--crl-info", "--infile", crlPath).ShouldSucceed().Stdout;
        Assert.Contains("Next at:", info);
    }

    [Fact]
    public void TheRevokedOwnCertScenarioRevokesItsOwnLeaf()
    {
        using var dir = new TempDir();
        var scenario = BrokenCertDirs.Get("revoked-own-cert");
        var path = ScenarioWriter.Write(scenario, dir.Path);
        var rejected = ExternalTool.Run("openssl", "verify", "-crl_check", "-CAfile", Path.Combine(path, QemuFileNames.CaCert),
            "-CRLfile", Path.Combine(path, QemuFileNames.CaCrl), Path.Combine(path, QemuFileNames.ServerCert)).ShouldFail();
        Assert.Contains("certificate revoked", rejected.Stdout + rejected.Stderr);
    }
}
