using System.Security.Cryptography;
using System.Text;
using Qcrypto.Errors;
using Qcrypto.Objects;
using Qcrypto.SecretObjects;

namespace Qcrypto.Tests;

/// <summary>
/// No error, hint or warning ever repeats the secret, the master key or the plaintext: every failing
/// secret case below is checked against the material it was given.
/// </summary>
public sealed class NoKeyMaterialTests : IDisposable
{
    private const string Secret = "Zx9QpL7vRt2mK8sW";
    private static readonly byte[] MasterKey = Convert.FromBase64String(T.MasterKeyBase64);
    private static readonly byte[] Iv = Convert.FromBase64String(T.IvBase64);
    private readonly ScratchDir _dir = new();
    private readonly KernelKeys _keys = new();

    public void Dispose()
    {
        _keys.Dispose();
        _dir.Dispose();
    }

    private static string Encrypt(byte[] plaintext, PaddingMode padding = PaddingMode.PKCS7)
    {
        using var aes = Aes.Create();
        aes.Key = MasterKey;
        return Convert.ToBase64String(aes.EncryptCbc(plaintext, Iv, padding));
    }

    /// <summary>Pieces of key material a message must not contain, in every spelling a leak could take.</summary>
    private static IEnumerable<string> Spellings(string material)
    {
        yield return material;
        if (material.Length >= 12)
        {
            yield return material[..12];
            yield return material[^12..];
        }

        var bytes = Encoding.UTF8.GetBytes(material);
        yield return Convert.ToBase64String(bytes);
        yield return Convert.ToHexString(bytes);
        yield return Convert.ToHexString(bytes).ToLowerInvariant();
    }

    private static IEnumerable<string> KeySpellings()
    {
        yield return T.MasterKeyBase64;
        yield return T.MasterKeyBase64[..16];
        yield return Convert.ToHexString(MasterKey);
        yield return Convert.ToHexString(MasterKey).ToLowerInvariant();
        yield return Encoding.Latin1.GetString(MasterKey[..8]);
    }

    public static TheoryData<string, string[]> FailingCases()
    {
        var data = new TheoryData<string, string[]>();
        string M() => T.MasterLine();
        var iv = T.IvBase64;
        void Add(string name, params string[] lines) => data.Add(name, lines);

        Add("bad base64 data", $"secret,id=s0,data=Zx9Q$pL7vRt2mK8sW,format=base64");
        Add("base64 data with CR", $"secret,id=s0,data={Secret}\r\n,format=base64");
        Add("unknown property", $"secret,id=s0,data={Secret},foo=1");
        Add("typo in data", $"secret,id=s0,dat={Secret}");
        Add("comma in id", $"secret,id=s0,,data={Secret}");
        Add("no id", $"secret,data={Secret}");
        Add("no type", $"id=s0,data={Secret}");
        Add("unknown type", $"secrte,id=s0,data={Secret}");
        Add("loaded", $"secret,id=s0,data={Secret},loaded=on");
        Add("data and file", $"secret,id=s0,data={Secret},file=/nonexistent");
        Add("duplicate", $"secret,id=s0,data=x", $"secret,id=s0,data={Secret}");
        Add("missing key", $"secret,id=s0,data={Secret},keyid=nokey,iv={iv}");
        Add("master is 16 bytes", $"secret,id=k0,data={Secret}", $"secret,id=s0,data={T.CiphertextBase64},format=base64,keyid=k0,iv={iv}");
        Add("master is hex", $"secret,id=k0,data={Convert.ToHexString(MasterKey)}", $"secret,id=s0,data={T.CiphertextBase64},format=base64,keyid=k0,iv={iv}");
        Add("master is base64 without format", $"secret,id=k0,data={T.MasterKeyBase64}", $"secret,id=s0,data={T.CiphertextBase64},format=base64,keyid=k0,iv={iv}");
        Add("master is itself", $"secret,id=s0,data={Secret},keyid=s0,iv={iv}");
        Add("missing iv", M(), $"secret,id=s0,data={Secret}1234567890123456,keyid=k0");
        Add("bad iv", M(), $"secret,id=s0,data={Secret},keyid=k0,iv=$$");
        Add("short iv", M(), $"secret,id=s0,data={Secret},keyid=k0,iv=0I7Gw/TKuA+Old2W2a");
        Add("block length", M(), $"secret,id=s0,data={Secret}x,keyid=k0,iv={iv}");
        Add("ciphertext as raw", M(), $"secret,id=s0,data={Encrypt(Encoding.UTF8.GetBytes(Secret))},keyid=k0,iv={iv}");
        Add("bad padding", M(), $"secret,id=s0,data={Encrypt([.. Encoding.UTF8.GetBytes(Secret[..15]), 0xEE], PaddingMode.None)},format=base64,keyid=k0,iv={iv}");
        Add("empty ciphertext", M(), $"secret,id=s0,data=,keyid=k0,iv={iv}");
        return data;
    }

    [Theory]
    [MemberData(nameof(FailingCases))]
    public void FailingSecretsDoNotEchoTheirMaterial(string name, string[] lines)
    {
        using var registry = T.Registry();
        QcryptoException? error = null;
        foreach (var line in lines)
        {
            try
            {
                registry.Add(line);
            }
            catch (QcryptoException e)
            {
                error = e;
                break;
            }
        }

        Assert.True(error is not null, $"{name}: no error");
        AssertClean(error.Message, error.QemuMessage, error.Hint, error.InnerException?.Message, error.ToString());
    }

    [Fact]
    public void FileAndKeyringFailuresDoNotEchoTheirContent()
    {
        var crlf = _dir.File("b64", $"{Secret}\r\n");
        var nul = _dir.File("nul", $"{Secret}\0");
        var world = _dir.File("world", Secret, ScratchDir.Private | UnixFileMode.OtherRead);
        var shortMaster = _dir.File("master", Encoding.UTF8.GetBytes(Secret + "\n"));
        var serial = _keys.Add(Secret);
        KernelKeys.Revoke(serial);
        var b64Serial = _keys.Add(Secret + "$");

        string[][] cases =
        [
            [$"secret,id=s0,file={crlf},format=base64"],
            [$"secret,id=s0,file={nul},format=base64"],
            [$"secret,id=s0,file={world}"],
            [$"secret,id=k0,file={shortMaster}", $"secret,id=s0,data={T.CiphertextBase64},format=base64,keyid=k0,iv={T.IvBase64}"],
            [$"secret_keyring,id=s0,serial={serial}"],
            [$"secret_keyring,id=s0,serial={b64Serial},format=base64"],
        ];
        foreach (var lines in cases)
        {
            using var registry = T.Registry();
            for (var i = 0; i < lines.Length - 1; i++)
            {
                registry.Add(lines[i]);
            }

            var e = Assert.ThrowsAny<QcryptoException>(() => registry.Add(lines[^1]));
            AssertClean(e.Message, e.QemuMessage, e.Hint, e.InnerException?.Message);
        }
    }

    [Fact]
    public void LookupFailuresAndWarningsDoNotEchoTheSecret()
    {
        var loose = Encrypt([.. Encoding.UTF8.GetBytes(Secret[..13]), 9, 9, 3], PaddingMode.None);
        using var registry = T.With(
            T.MasterLine(),
            $"secret,id=bin,data={Convert.ToBase64String([.. Encoding.UTF8.GetBytes(Secret), 0])},format=base64",
            $"secret,id=nl,data={Secret}\n",
            $"secret,id=loose,data={loose},format=base64,keyid=k0,iv={T.IvBase64}");
        var e = Assert.Throws<SecretException>(() => registry.Secrets.Utf8("bin"));
        AssertClean(e.Message, e.Hint);
        foreach (var warning in registry.Objects.SelectMany(o => o.Warnings))
        {
            AssertClean(warning.Message, warning.Hint);
        }

        Assert.Equal(2, registry.Objects.Sum(o => o.Warnings.Count));
    }

    [Fact]
    public void ObjectLinesRedactPlaintextButNotCiphertext()
    {
        using var registry = T.With(T.MasterLine(), $"secret,id=s0,data={Secret}",
            $"secret,id=s1,data={T.CiphertextBase64},format=base64,keyid=k0,iv={T.IvBase64}");
        Assert.Equal("secret,id=s0,data=<redacted>", registry.Find("s0")!.ToObjectLine());
        Assert.DoesNotContain(T.MasterKeyBase64, registry.Find("k0")!.ToObjectLine(), StringComparison.Ordinal);
        Assert.Contains(T.CiphertextBase64, registry.Find("s1")!.ToObjectLine(), StringComparison.Ordinal);
        Assert.Contains(Secret, registry.Find("s0")!.ToObjectLine(redactSensitive: false), StringComparison.Ordinal);
    }

    private static void AssertClean(params string?[] texts)
    {
        var forbidden = Spellings(Secret).Concat(KeySpellings()).Concat(Spellings("123456")).ToList();
        foreach (var text in texts.Where(t => t is not null))
        {
            foreach (var f in forbidden)
            {
                Assert.False(text!.Contains(f, StringComparison.Ordinal), $"'{f}' leaked into: {text}");
            }
        }
    }
}
