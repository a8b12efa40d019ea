using System.Text.Json;
using Qcrypto.SecretObjects;
using Qcrypto.TestSupport;

namespace Qcrypto.Interop.Tests.Libvirt;

/// <summary>
/// Issue 14's proof: every secret libvirt 9.0.0's tests encrypt with masterKey0 (libvirt's mocked key, bytes
/// 00..1f) decrypts through qcrypto's object model to the plaintext python3-cryptography gets from the same
/// ciphertext, with valid PKCS#7 padding; and is refused under a wrong master key.
/// </summary>
public sealed class LibvirtSecretTests(ITestOutputHelper output)
{
    [Fact]
    public void EveryLibvirtEncryptedSecretDecryptsToItsPlaintext()
    {
        using var host = new LibvirtHost();
        var secrets = LibvirtData.Secrets();
        var reference = PythonDecrypt(secrets);
        foreach (var (s, i) in secrets.Select((s, i) => (s, i)))
        {
            Assert.Equal(s.Plaintext, reference[i]);
            using var registry = OracleCatalog.CreateRegistry();
            registry.Add($"secret,id=masterKey0,format=raw,file={host.KeyFile}");
            registry.Add(s.Argument);
            var secret = registry.Get<Secret>(s.Id);
            Assert.Equal("masterKey0", secret.KeyId);
            Assert.True(secret.PaddingValid, $"{s.File} {s.Id}: padding");
            Assert.Empty(secret.Warnings);
            using var lease = registry.Secrets.Bytes(s.Id);
            Assert.Equal(s.Plaintext, Encoding.ASCII.GetString(lease.Bytes));
        }

        var distinct = secrets.Select(s => s.Plaintext).Distinct().Count();
        output.WriteLine($"{secrets.Count} libvirt-encrypted secrets ({secrets.Count(s => s.Argument.StartsWith('{'))} JSON) decrypt; {distinct} distinct plaintexts");
        Assert.True(secrets.Count >= 61, $"the corpus shrank to {secrets.Count} secrets");
        Assert.Contains(secrets, s => !s.Argument.StartsWith('{'));
    }

    [Fact]
    public void AWrongMasterKeyIsRefused()
    {
        using var dir = new TempDir();
        var zero = dir.Private("zero.key", new byte[32]);
        var s = LibvirtData.Secrets()[0];
        using var registry = OracleCatalog.CreateRegistry();
        registry.Add($"secret,id=masterKey0,format=raw,file={zero}");
        var e = Assert.ThrowsAny<QcryptoException>(() => registry.Add(s.Argument));
        Assert.StartsWith("Incorrect number of padding bytes", e.QemuMessage, StringComparison.Ordinal);
    }

    /// <summary>The independent reference: python3-cryptography's AES-256-CBC with libvirt's key, PKCS#7 unpadded.</summary>
    private static string[] PythonDecrypt(IReadOnlyList<LibvirtSecret> secrets)
    {
        const string Script = """
            import base64, json, sys
            from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
            from cryptography.hazmat.primitives import padding
            key = bytes(range(32))
            out = []
            for s in json.load(sys.stdin):
                d = Cipher(algorithms.AES(key), modes.CBC(base64.b64decode(s["iv"]))).decryptor()
                u = padding.PKCS7(128).unpadder()
                out.append((u.update(d.update(base64.b64decode(s["data"])) + d.finalize()) + u.finalize()).decode("ascii"))
            json.dump(out, sys.stdout)
            """;
        var input = JsonSerializer.SerializeToUtf8Bytes(secrets.Select(s =>
        {
            var a = LibvirtArgument.Parse(s.Argument);
            return new Dictionary<string, string> { ["iv"] = a.Get("iv")!, ["data"] = a.Get("data")! };
        }).ToList());
        var text = Tool.RunForOutput("/usr/bin/python3", ["-c", Script], input, "/usr/bin/python3 is not installed: install python3-cryptography (apt-get install python3-cryptography)");
        return JsonSerializer.Deserialize<string[]>(text)!;
    }
}
