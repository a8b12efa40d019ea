using Qcrypto.Composition;
using Qcrypto.Errors;
using Qcrypto.TestCerts;
using Qcrypto.Tls.Tests.Tools;

namespace Qcrypto.Tls.Tests;

/// <summary>Encrypted private keys: the password comes from a secret named by passwordid, through the key store.</summary>
public class PasswordIdTests
{
    private static (CredsDir Dir, string Line) EncryptedServer()
    {
        var dir = new CredsDir();
        ScenarioWriter.Write(BrokenCertDirs.Get("encrypted-key"), dir.Path);
        return (dir, $"tls-creds-x509,id=t,endpoint=server,dir={dir.Path}");
    }

    [Fact]
    public void RightPasswordFromASecretFile()
    {
        var (dir, line) = EncryptedServer();
        using (dir)
        {
            dir.Write("pw", BrokenCertDirs.KeyPassword);
            using var registry = QcryptoCatalog.CreateRegistry();
            registry.Add($"secret,id=pw,file={dir.File("pw")}");
            Assert.True(((Creds.TlsCreds)registry.Add(line + ",passwordid=pw")).IsLoaded);
        }
    }

    [Fact]
    public void RightPasswordFromAnEncryptedSecret()
    {
        var (dir, line) = EncryptedServer();
        using (dir)
        {
            var key = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
            var iv = System.Security.Cryptography.RandomNumberGenerator.GetBytes(16);
            var ciphertext = SecretObjects.SecretCipher.Encrypt(key, iv, System.Text.Encoding.UTF8.GetBytes(BrokenCertDirs.KeyPassword));
            using var registry = QcryptoCatalog.CreateRegistry();
            registry.Add($"secret,id=master,data={Convert.ToBase64String(key)},format=base64");
            registry.Add($"secret,id=pw,keyid=master,iv={Convert.ToBase64String(iv)},data={Convert.ToBase64String(ciphertext)},format=base64");
            Assert.True(((Creds.TlsCreds)registry.Add(line + ",passwordid=pw")).IsLoaded);
        }
    }

    [Fact]
    public void WrongPasswordIsRefusedWithoutShowingIt()
    {
        var (dir, line) = EncryptedServer();
        using (dir)
        {
            using var registry = QcryptoCatalog.CreateRegistry();
            registry.Add("secret,id=pw,data=not-the-password");
            var e = Assert.ThrowsAny<QcryptoException>(() => registry.Add(line + ",passwordid=pw"));
            Assert.StartsWith($"Cannot load certificate '{dir.Path}/server-cert.pem' & key '{dir.Path}/server-key.pem': ", e.QemuMessage);
            Assert.Contains("'pw'", e.Hint);
            Assert.DoesNotContain("not-the-password", e.Message + e.Hint);
        }
    }

    [Fact]
    public void EncryptedKeyWithoutPasswordIdGetsAHint()
    {
        var (dir, line) = EncryptedServer();
        using (dir)
        {
            using var registry = QcryptoCatalog.CreateRegistry();
            var e = Assert.ThrowsAny<QcryptoException>(() => registry.Add(line));
            Assert.StartsWith("Cannot load certificate ", e.QemuMessage);
            Assert.Contains("passwordid", e.Hint);
        }
    }

    [Theory]
    [InlineData("nosuch", "No secret with id 'nosuch'")]
    [InlineData("t0", "Object with id 't0' is not a secret")]
    public void PasswordIdMustNameALoadedSecret(string id, string message)
    {
        var (dir, line) = EncryptedServer();
        using (dir)
        {
            using var registry = QcryptoCatalog.CreateRegistry();
            registry.Add("tls-creds-anon,id=t0,endpoint=client");
            var e = Assert.ThrowsAny<QcryptoException>(() => registry.Add(line + $",passwordid={id}"));
            Assert.Equal(message, e.QemuMessage);
            Assert.Equal("passwordid", e.Property);
        }
    }

    [Fact]
    public void BinaryPasswordSecretIsNotUtf8()
    {
        var (dir, line) = EncryptedServer();
        using (dir)
        {
            using var registry = QcryptoCatalog.CreateRegistry();
            registry.Add("secret,id=pw,data=//79,format=base64");
            var e = Assert.ThrowsAny<QcryptoException>(() => registry.Add(line + ",passwordid=pw"));
            Assert.Equal("Data from secret pw is not valid UTF-8", e.QemuMessage);
        }
    }
}
