namespace Qcrypto.Interop.Tests.Tools;

/// <summary>
/// A program the interop tests run, and the Debian package that provides it. A missing tool fails the
/// test with the package to install: a skipped interop test would let a broken setup pass as green.
/// </summary>
public sealed class ExternalTool(string name, string debianPackage)
{
    public static ExternalTool QemuImg { get; } = new("qemu-img", "qemu-utils");

    public static ExternalTool Openssl { get; } = new("openssl", "openssl");

    public static ExternalTool Keyctl { get; } = new("keyctl", "keyutils");

    public string Name { get; } = name;

    public string DebianPackage { get; } = debianPackage;

    /// <summary>The absolute path of the tool on PATH; fails the test if there is none.</summary>
    public string Resolve()
    {
        var path = Find();
        if (path is null)
        {
            Assert.Fail(MissingMessage());
        }

        return path;
    }

    /// <summary>The absolute path of the tool on PATH, or null.</summary>
    public string? Find() => TestSupport.Tool.Find(Name);

    public string MissingMessage() =>
        $"'{Name}' was not found on PATH: install the Debian package {DebianPackage} (apt-get install {DebianPackage})";
}
