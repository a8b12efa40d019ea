using Qcrypto.TestCerts.Tests.Support;

namespace Qcrypto.TestCerts.Tests;

/// <summary>
/// `certtool --verify` (GnuTLS, what QEMU uses) and `openssl verify` accept exactly the chains that should verify.
/// </summary>
public class ChainVerificationTests
{
    [Theory]
    [InlineData("perfectserver")]
    [InlineData("perfectclient")]
    [InlineData("goodca1")]
    [InlineData("goodca2")]
    [InlineData("goodca3")]
    [InlineData("goodserver1")]
    [InlineData("goodclient7")]
    [InlineData("chain1")]
    [InlineData("chain2")]
    public void GoodChainsVerify(string name)
    {
        using var dir = new TempDir();
        var (ca, leaf) = Write(dir, QemuTestCerts.CredsX509Case(name));
        var gnutls = ExternalTool.Run("certtool", "--verify", "--load-ca-certificate", ca, "--infile", leaf).ShouldSucceed();
        Assert.Contains("Chain verification output: Verified. The certificate is trusted.", gnutls.Stdout);
        var openssl = ExternalTool.Run("openssl", "verify", "-CAfile", ca, leaf).ShouldSucceed();
        Assert.Equal($"{leaf}: OK\n", openssl.Stdout);
    }

    [Theory]
    [InlineData("expired1", "The certificate chain uses expired certificate.", "certificate has expired")]
    [InlineData("expired2", "The certificate chain uses expired certificate.", "certificate has expired")]
    [InlineData("expired3", "The certificate chain uses expired certificate.", "certificate has expired")]
    [InlineData("inactive2", "The certificate chain uses not yet valid certificate.", "certificate is not yet valid")]
    [InlineData("inactive3", "The certificate chain uses not yet valid certificate.", "certificate is not yet valid")]
    [InlineData("badca1", "The certificate chain violates the signer's constraints.", "key usage does not include certificate signing")]
    [InlineData("badca3", "The certificate chain violates the signer's constraints.", "key usage does not include certificate signing")]
    public void BadChainsDoNotVerify(string name, string gnutlsReason, string opensslReason)
    {
        using var dir = new TempDir();
        var (ca, leaf) = Write(dir, QemuTestCerts.CredsX509Case(name));
        var gnutls = ExternalTool.Run("certtool", "--verify", "--load-ca-certificate", ca, "--infile", leaf).ShouldFail();
        Assert.Contains("Chain verification output: Not verified. The certificate is NOT trusted. " + gnutlsReason, gnutls.Stdout);
        var openssl = ExternalTool.Run("openssl", "verify", "-CAfile", ca, leaf).ShouldFail();
        Assert.Contains(opensslReason, openssl.Stdout + openssl.Stderr);
    }

    [Fact]
    public void InactiveCaOfInactive1IsNotYetValid()
    {
        // QEMU gives inactive1's CA and its leaf the same DN (C=UK,CN=qemu) and the same key, so the leaf
        // verifies as its own issuer: OpenSSL calls it self-signed, GnuTLS finds the CA and sees it is not yet valid.
        using var dir = new TempDir();
        var (ca, leaf) = Write(dir, QemuTestCerts.CredsX509Case("inactive1"));
        var gnutls = ExternalTool.Run("certtool", "--verify", "--load-ca-certificate", ca, "--infile", leaf).ShouldFail();
        Assert.Contains("The certificate chain uses not yet valid certificate.", gnutls.Stdout);
        var openssl = ExternalTool.Run("openssl", "verify", "-CAfile", ca, leaf).ShouldFail();
        Assert.Contains("self-signed certificate", openssl.Stdout + openssl.Stderr);
    }

    [Fact]
    public void CaWithoutBasicConstraintsIsATrustAnchorToGnuTlsButNotToOpenSsl()
    {
        // badca2: GnuTLS trusts a trust-list entry as it is; only QEMU's own sanity check ("missing basic
        // constraints for a CA") rejects it. OpenSSL refuses it as a CA.
        using var dir = new TempDir();
        var (ca, leaf) = Write(dir, QemuTestCerts.CredsX509Case("badca2"));
        ExternalTool.Run("certtool", "--verify", "--load-ca-certificate", ca, "--infile", leaf).ShouldSucceed();
        var openssl = ExternalTool.Run("openssl", "verify", "-CAfile", ca, leaf).ShouldFail();
        Assert.Contains("invalid CA certificate", openssl.Stdout + openssl.Stderr);
    }

    [Fact]
    public void DifferentCaFailsBothWaysAndSameCaPasses()
    {
        using var dir = new TempDir();
        var dirs = ScenarioWriter.Write(QemuTestCerts.SessionCase("differentca"), dir.Path);
        // The client's certificate against the server's CA, and the server's against the client's.
        Unknown(Path.Combine(dirs.Server, QemuFileNames.CaCert), Path.Combine(dirs.Client, QemuFileNames.ClientCert));
        Unknown(Path.Combine(dirs.Client, QemuFileNames.CaCert), Path.Combine(dirs.Server, QemuFileNames.ServerCert));

        var same = ScenarioWriter.Write(QemuTestCerts.SessionCase("basicca"), dir.File("basic"));
        ExternalTool.Run("certtool", "--verify", "--load-ca-certificate", Path.Combine(same.Server, QemuFileNames.CaCert),
            "--infile", Path.Combine(same.Client, QemuFileNames.ClientCert)).ShouldSucceed();

        static void Unknown(string ca, string cert)
        {
            var gnutls = ExternalTool.Run("certtool", "--verify", "--load-ca-certificate", ca, "--infile", cert).ShouldFail();
            Assert.Contains("The certificate issuer is unknown.", gnutls.Stdout);
            var openssl = ExternalTool.Run("openssl", "verify", "-CAfile", ca, cert).ShouldFail();
            Assert.Contains("unable to get local issuer certificate", openssl.Stdout + openssl.Stderr);
        }
    }

    [Fact]
    public void CertificateFileChainsVerifyAndTheOutOfOrderOneStartsWithTheIntermediate()
    {
        using var dir = new TempDir();
        // certtool --verify checks the chain given in --infile against the CA file. It sorts a chain given out of
        // order, so both verify; what differs is the first certificate, which QEMU 7.2 takes as its own.
        foreach (var (name, firstSubject) in new[]
        {
            ("chain-in-cert-file", "C=UK,O=qcrypto tests,CN=qemu.org"),
            ("chain-out-of-order", "C=UK,O=qcrypto tests,CN=qcrypto intermediate CA"),
        })
        {
            var path = ScenarioWriter.Write(BrokenCertDirs.Get(name), dir.File(name));
            var certFile = Path.Combine(path, QemuFileNames.ServerCert);
            ExternalTool.Run("certtool", "--verify", "--load-ca-certificate", Path.Combine(path, QemuFileNames.CaCert),
                "--infile", certFile).ShouldSucceed();
            var subject = ExternalTool.Run("openssl", "x509", "-in", certFile, "-noout", "-subject", "-nameopt",
                "esc_2253,sep_comma_plus,sname,utf8").ShouldSucceed().Stdout.Trim();
            Assert.Equal("subject=" + firstSubject, subject);
        }
    }

    [Fact]
    public void Sha1SignedCertificateIsRejectedByGnuTls()
    {
        using var dir = new TempDir();
        var scenario = ScenarioWriter.Write(BrokenCertDirs.Get("sha1-signature"), dir.Path);
        var gnutls = ExternalTool.Run("certtool", "--verify", "--load-ca-certificate", Path.Combine(scenario, QemuFileNames.CaCert),
            "--infile", Path.Combine(scenario, QemuFileNames.ServerCert)).ShouldFail();
        Assert.Contains("insecure algorithm", gnutls.Stdout);
        var text = ExternalTool.Run("openssl", "x509", "-in", Path.Combine(scenario, QemuFileNames.ServerCert), "-noout", "-text").Stdout;
        Assert.Contains("Signature Algorithm: ecdsa-with-SHA1", text);
    }

    private static (string Ca, string Leaf) Write(TempDir dir, Scenario scenario)
    {
        var path = ScenarioWriter.Write(scenario, dir.File(scenario.Name));
        return (Path.Combine(path, QemuFileNames.CaCert), Path.Combine(path, QemuFileNames.CertFor(scenario.Endpoint)));
    }
}
