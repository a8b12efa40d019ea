using Qcrypto.Interop.Tests.Tools;

namespace Qcrypto.Interop.Tests;

/// <summary>A missing tool must fail a test and name the package, never skip it.</summary>
public sealed class ExternalToolTests
{
    [Fact]
    public void MissingToolFailsNamingTheDebianPackage()
    {
        var tool = new ExternalTool("qcrypto-no-such-tool", "qcrypto-no-such-package");

        var failure = Assert.ThrowsAny<Exception>(() => tool.Resolve());

        Assert.Contains("install the Debian package qcrypto-no-such-package", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("qemu-img", "qemu-utils")]
    [InlineData("openssl", "openssl")]
    [InlineData("keyctl", "keyutils")]
    public void EveryToolTheTestsUseNamesItsPackage(string name, string package)
    {
        var tool = new[] { ExternalTool.QemuImg, ExternalTool.Openssl, ExternalTool.Keyctl }.Single(t => t.Name == name);

        Assert.Equal(package, tool.DebianPackage);
        Assert.True(File.Exists(tool.Resolve()));
    }
}
