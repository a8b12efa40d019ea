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
    public string? Find()
    {
        var searchPath = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in searchPath.Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, Name);
            if (File.Exists(candidate) && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            {
                return candidate;
            }
        }

        return null;
    }

    public string MissingMessage() =>
        $"'{Name}' was not found on PATH: install the Debian package {DebianPackage} (apt-get install {DebianPackage})";
}
