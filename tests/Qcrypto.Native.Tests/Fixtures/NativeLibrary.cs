using System.Security.Cryptography;
using System.Text;
using Qcrypto.Tls.Tests.Tools;

namespace Qcrypto.Native.Tests.Fixtures;

/// <summary>
/// libqcrypto.so as `dotnet publish src/Native -c Release -r linux-x64 -o DIR` leaves it, published once
/// per test run from a copy of the sources (so it never races the solution build's outputs), and cached
/// under the temp directory by a hash of those sources: an unchanged tree is not published again.
/// </summary>
public static class NativeLibrary
{
    private static readonly Lazy<string> Published = new(Publish, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The publish directory: libqcrypto.so, qcrypto.h, qcrypto.pc.</summary>
    public static string Directory => Published.Value;

    public static string RepoRoot { get; } = FindRepoRoot();

    private static string Publish()
    {
        Tool.Require("clang", "clang");
        Tool.Require("gcc", "gcc");
        Tool.Require("pkg-config", "pkg-config");
        if (!File.Exists("/usr/lib/x86_64-linux-gnu/libz.a") && !File.Exists("/usr/lib/x86_64-linux-gnu/libz.so"))
        {
            Assert.Fail("zlib is not installed: install the Debian package zlib1g-dev (./test.sh does, as root)");
        }

        var files = SourceFiles().ToList();
        var hash = Hash(files);
        var root = Path.Combine(Path.GetTempPath(), "qcrypto-native-" + hash);
        var output = Path.Combine(root, "publish");
        if (File.Exists(Path.Combine(output, ".complete")))
        {
            return output;
        }

        using (var gate = new FileStream(Path.Combine(Path.GetTempPath(), "qcrypto-native.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None))
        {
            if (File.Exists(Path.Combine(output, ".complete")))
            {
                return output;
            }

            var tree = Path.Combine(root, "src-copy");
            if (System.IO.Directory.Exists(tree))
            {
                System.IO.Directory.Delete(tree, recursive: true);
            }

            foreach (var file in files)
            {
                var target = Path.Combine(tree, Path.GetRelativePath(RepoRoot, file));
                System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                File.Copy(file, target);
            }

            var r = Tool.Run("dotnet", ["publish", Path.Combine(tree, "src/Native/Qcrypto.Native.csproj"), "-c", "Release", "-r", "linux-x64", "-o", output, "-nologo", "-v", "q"],
                timeoutSeconds: 900);
            Assert.True(r.ExitCode == 0, $"dotnet publish src/Native failed:\n{r.Stdout}\n{r.Stderr}");
            foreach (var name in new[] { "libqcrypto.so", "qcrypto.h", "qcrypto.pc" })
            {
                Assert.True(File.Exists(Path.Combine(output, name)), $"publish left no {name} in {output}");
            }

            File.WriteAllText(Path.Combine(output, ".complete"), hash);
            System.IO.Directory.Delete(tree, recursive: true);
        }

        return output;
    }

    private static IEnumerable<string> SourceFiles()
    {
        foreach (var name in new[] { "Directory.Build.props", "Directory.Packages.props", "global.json" })
        {
            if (File.Exists(Path.Combine(RepoRoot, name)))
            {
                yield return Path.Combine(RepoRoot, name);
            }
        }

        foreach (var file in System.IO.Directory.EnumerateFiles(Path.Combine(RepoRoot, "src"), "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var rel = Path.GetRelativePath(RepoRoot, file);
            if (!rel.Contains("/bin/", StringComparison.Ordinal) && !rel.Contains("/obj/", StringComparison.Ordinal))
            {
                yield return file;
            }
        }
    }

    private static string Hash(IEnumerable<string> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(Path.GetRelativePath(RepoRoot, file) + "\0"));
            sha.AppendData(File.ReadAllBytes(file));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }

    private static string FindRepoRoot()
    {
        var dir = AppContext.BaseDirectory;
        while (dir is not null && !File.Exists(Path.Combine(dir, "Crypto.sln")))
        {
            dir = Path.GetDirectoryName(dir);
        }

        return dir ?? throw new InvalidOperationException("Crypto.sln not found above " + AppContext.BaseDirectory);
    }
}
