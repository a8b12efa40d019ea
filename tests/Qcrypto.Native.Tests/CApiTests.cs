using System.Security.Cryptography;
using System.Text;
using Qcrypto.Native.Tests.Fixtures;
using Qcrypto.Tls.Tests.Tools;

namespace Qcrypto.Native.Tests;

/// <summary>The C programs in c/, built with gcc against the published libqcrypto.so, and what they print checked.</summary>
public class CApiTests
{
    [Fact]
    public void ThreeDeepSecretChainDecryptsFromC()
    {
        const string plaintext = "the chained secret, three keys deep";
        var (lines, _) = SecretChain(plaintext);
        var r = CProgram.Run("secrets", [plaintext, .. lines]);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains($"chain k3 = '{plaintext}' (base64 {Convert.ToBase64String(Encoding.UTF8.GetBytes(plaintext))})", r.Stdout);
        Assert.Contains("ok use after free: [invalid-handle]", r.Stdout);
        // The double frees are reported on stderr, one line each, and never crash.
        Assert.Equal(3, r.Stderr.Split('\n').Count(l => l.StartsWith("libqcrypto: ", StringComparison.Ordinal) && l.Contains("double free", StringComparison.Ordinal)));
    }

    [Fact]
    public void PublishLeavesLibraryHeaderAndPkgConfigPointingIntoTheDirectory()
    {
        var dir = NativeLibrary.Directory;
        var pc = File.ReadAllText(Path.Combine(dir, "qcrypto.pc"));
        Assert.Contains($"prefix={dir}", pc);
        Assert.Contains("-lqcrypto", pc);
        Assert.Equal(File.ReadAllText(Path.Combine(NativeLibrary.RepoRoot, "src/Native/include/qcrypto.h")), File.ReadAllText(Path.Combine(dir, "qcrypto.h")));
        var nm = Tool.Run(Tool.Require("nm", "binutils"), ["-D", "--defined-only", Path.Combine(dir, "libqcrypto.so")]);
        foreach (var name in HeaderFunctions())
        {
            Assert.True(System.Text.RegularExpressions.Regex.IsMatch(nm.Stdout, $@" T {name}(@@\S+)?\n"), $"{name} is declared in qcrypto.h but not exported");
        }
    }

    [Fact]
    public void CryptodevAesFromCMatchesOpenssl()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var iv = RandomNumberGenerator.GetBytes(16);
        var plain = RandomNumberGenerator.GetBytes(1024);
        foreach (var (mode, openssl) in new[] { ("cbc", "aes-256-cbc"), ("ctr", "aes-256-ctr"), ("ecb", "aes-256-ecb") })
        {
            var r = CProgram.Run("cryptodev", [mode, Convert.ToHexString(key), Convert.ToHexString(iv), Convert.ToHexString(plain)]);
            Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
            var expected = Openssl(openssl, key, iv, plain);
            Assert.Equal(Convert.ToHexStringLower(expected), r.Stdout.Split('\n').First(l => l.Length == 2048));
        }
    }

    [Fact]
    public void RngReadsFromAllThreeBackends()
    {
        using var egd = new EgdServer();
        var file = Path.Combine(Directory.CreateTempSubdirectory("qcrypto-rng-").FullName, "entropy");
        var known = RandomNumberGenerator.GetBytes(48);
        File.WriteAllBytes(file, known);
        try
        {
            var r = CProgram.Run("rng", [$"socket,id=egd0,path={egd.Path}", file]);
            Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
            var lines = r.Stdout.Split('\n').Where(l => l.StartsWith("builtin ", StringComparison.Ordinal) || l.StartsWith("random ", StringComparison.Ordinal) || l.StartsWith("egd ", StringComparison.Ordinal))
                .ToDictionary(l => l.Split(' ')[0], l => l.Split(' ')[1]);
            Assert.Equal(64, lines["builtin"].Length);
            Assert.NotEqual(new string('0', 64), lines["builtin"]);
            Assert.Equal(Convert.ToHexStringLower(known), lines["random"]);
            // 300 bytes: two EGD requests (255 + 45), every byte from the daemon, in order.
            Assert.Equal(Convert.ToHexStringLower([.. Enumerable.Range(0, 300).Select(EgdServer.ByteAt)]), lines["egd"]);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    /// <summary>A master key k0 and secrets k1, k2, k3, each encrypted with the one before (k3 holds the text).</summary>
    internal static (string[] Lines, byte[] Master) SecretChain(string plaintext)
    {
        var master = RandomNumberGenerator.GetBytes(32);
        var lines = new List<string> { $"secret,id=k0,data={Convert.ToBase64String(master)},format=base64" };
        var key = master;
        for (var i = 1; i <= 3; i++)
        {
            var data = i == 3 ? Encoding.UTF8.GetBytes(plaintext) : RandomNumberGenerator.GetBytes(32);
            var iv = RandomNumberGenerator.GetBytes(16);
            using var aes = Aes.Create();
            aes.Key = key;
            var ct = aes.EncryptCbc(data, iv);
            lines.Add($"secret,id=k{i},data={Convert.ToBase64String(ct)},keyid=k{i - 1},iv={Convert.ToBase64String(iv)},format=base64");
            key = data;
        }

        return ([.. lines], master);
    }

    private static byte[] Openssl(string cipher, byte[] key, byte[] iv, byte[] plain)
    {
        var dir = Directory.CreateTempSubdirectory("qcrypto-openssl-").FullName;
        try
        {
            File.WriteAllBytes(Path.Combine(dir, "in"), plain);
            List<string> args = ["enc", "-" + cipher, "-nopad", "-K", Convert.ToHexString(key), "-in", Path.Combine(dir, "in"), "-out", Path.Combine(dir, "out")];
            if (!cipher.EndsWith("ecb", StringComparison.Ordinal))
            {
                args.AddRange(["-iv", Convert.ToHexString(iv)]);
            }

            var r = Tool.Run(Tool.Require("openssl", "openssl"), args);
            Assert.True(r.ExitCode == 0, r.Stderr);
            return File.ReadAllBytes(Path.Combine(dir, "out"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static IEnumerable<string> HeaderFunctions()
    {
        var header = File.ReadAllText(Path.Combine(NativeLibrary.RepoRoot, "src/Native/include/qcrypto.h"));
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(header, @"\b(qcrypto_[a-z0-9_]+)\("))
        {
            yield return m.Groups[1].Value;
        }
    }
}
