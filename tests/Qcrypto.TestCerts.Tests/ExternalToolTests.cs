using Qcrypto.TestCerts.Tests.Support;

namespace Qcrypto.TestCerts.Tests;

/// <summary>The tool runner fails loudly, with the package to install, rather than letting a test pass or skip.</summary>
public class ExternalToolTests
{
    [Fact]
    public void AMissingToolFailsNamingWhatToInstall()
    {
        var e = Assert.Throws<InvalidOperationException>(() => ExternalTool.Require("certtool-not-installed-here"));
        Assert.Contains("'certtool-not-installed-here' is not installed", e.Message);
        Assert.Contains("apt-get install", e.Message);
    }

    [Theory]
    [InlineData("certtool")]
    [InlineData("gnutls-serv")]
    [InlineData("gnutls-cli")]
    [InlineData("openssl")]
    [InlineData("qemu-img")]
    [InlineData("qemu-nbd")]
    public void EveryToolTheseTestsUseIsHere(string tool) => Assert.True(File.Exists(ExternalTool.Require(tool)));
}
