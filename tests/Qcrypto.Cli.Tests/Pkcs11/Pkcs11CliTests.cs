using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Net.Pkcs11Interop.Common;

namespace Qcrypto.Cli.Tests.Pkcs11;

/// <summary>
/// Issue 14, item 3, the SoftHSM2 proof through the CLI: <c>secret new-key --pkcs11</c> makes a key that
/// stays in the token, <c>secret encrypt --key-uri</c> prints lines that <c>secret decrypt</c> and
/// qemu-img use, a known key imported into the token agrees with the same key as a file both ways, and
/// every failure is typed, hinted and free of the PIN.
/// </summary>
public sealed class Pkcs11CliTests : IDisposable
{
    private const string Pin = "pin-7391-zq";
    private const string WrongPin = "wrong-pin-55821";
    private readonly SoftHsm _hsm = SoftHsm.ForThisProcess;
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Token(string label)
    {
        _hsm.InitToken(label, Pin);
        return label;
    }

    private string Uri(string token, string label = "master", string pin = Pin) =>
        SoftHsm.KeyUri(token, label, _hsm.PinFile($"{token}-{Guid.NewGuid():N}.pin", pin));

    private CliRunner.Result Run(params string[] args) => CliRunner.Run(_dir.Path, args);

    private static string[] ObjectArgs(string lines) =>
        [.. lines.Split('\n', StringSplitOptions.RemoveEmptyEntries).SelectMany(l => new[] { "--object", l })];

    [Fact]
    public void NewKeyMakesASensitiveNonExtractableAes256KeyInTheToken()
    {
        var token = Token("cli-newkey");
        var r = Run("secret", "new-key", "--pkcs11", Uri(token), "--id", "m0");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Contains($"in PKCS#11 token '{token}'", r.Stderr);
        Assert.Contains($"secret-pkcs11,id=m0,uri=pkcs11:token={token};object=master,module={SoftHsm.Module},pin-secret=m0-pin", r.Stdout);

        // Read through Pkcs11Interop: the value is refused by the token itself.
        Assert.Equal(CKR.CKR_ATTRIBUTE_SENSITIVE, TokenProbe.GetAttribute(token, Pin, "master", CKA.CKA_VALUE, out _));
        Assert.Equal(CKR.CKR_OK, TokenProbe.GetAttribute(token, Pin, "master", CKA.CKA_EXTRACTABLE, out var extractable));
        Assert.Equal(new byte[] { 0 }, extractable);
        TokenProbe.GetAttribute(token, Pin, "master", CKA.CKA_SENSITIVE, out var sensitive);
        Assert.Equal(new byte[] { 1 }, sensitive);
        TokenProbe.GetAttribute(token, Pin, "master", CKA.CKA_TOKEN, out var onToken);
        Assert.Equal(new byte[] { 1 }, onToken);
        TokenProbe.GetAttribute(token, Pin, "master", CKA.CKA_VALUE_LEN, out var length);
        Assert.Equal(32UL, BitConverter.ToUInt64(length));

        var again = Run("secret", "new-key", "--pkcs11", Uri(token), "--json");
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("\"code\": \"pkcs11-exists\"", again.Stdout);
        Assert.Contains("--force", again.Stdout);
        Assert.Equal(0, Run("secret", "new-key", "--pkcs11", Uri(token), "--force").ExitCode);
    }

    [Fact]
    public void EncryptWithTheTokenThenDecryptWithTheTokenThroughTheObjectModel()
    {
        var token = Token("cli-roundtrip");
        Assert.Equal(0, Run("secret", "new-key", "--pkcs11", Uri(token)).ExitCode);
        var r = Run("secret", "encrypt", "--key-uri", Uri(token), "--key-id", "m0", "--id", "s0", "--data", "hunter2");
        Assert.True(r.ExitCode == 0, r.Stderr);
        var lines = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("secret,id=m0-pin,file=", lines[0]);
        Assert.StartsWith("secret-pkcs11,id=m0,", lines[1]);
        Assert.Matches("^secret,id=s0,data=[A-Za-z0-9+/=]+,keyid=m0,iv=[A-Za-z0-9+/=]+,format=base64$", lines[2]);

        var d = Run(["secret", "decrypt", .. ObjectArgs(r.Stdout), "--id", "s0"]);
        Assert.True(d.ExitCode == 0, d.Stderr);
        Assert.Equal("hunter2", d.Stdout);

        var json = Run("secret", "encrypt", "--key-uri", Uri(token), "--key-id", "m0", "--id", "s0", "--data", "hunter2", "--json");
        using var doc = JsonDocument.Parse(json.Stdout);
        var root = doc.RootElement;
        Assert.StartsWith("secret-pkcs11,id=m0,", root.GetProperty("master_object").GetString());
        Assert.StartsWith("secret,id=m0-pin,file=", root.GetProperty("pin_object").GetString());
        Assert.Equal($"pkcs11:token={token};object=master", root.GetProperty("key_uri").GetString());
        Assert.True(root.GetProperty("verified").GetBoolean());
    }

    [Fact]
    public void ALineLongerThanOneArgumentIsProvenThroughTheToken()
    {
        // 300 KiB: the line exceeds MAX_ARG_STRLEN, so the self-check decrypts data= in chunks through
        // the token (chained IVs) instead of creating the whole line; a known key checks the result.
        var token = Token("cli-long");
        var key = RandomNumberGenerator.GetBytes(32);
        TokenProbe.ImportAesKey(token, Pin, "long", key);
        var plaintext = RandomNumberGenerator.GetBytes((300 * 1024) + 5);
        var input = _dir.Private("long.bin", plaintext);
        var r = Run("secret", "encrypt", "--key-uri", Uri(token, "long"), "--key-id", "m0", "--id", "s0", "--in", input);
        Assert.True(r.ExitCode == 0, r.Stderr);
        var line = r.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)[2];
        var fields = line.Split(',').Select(f => f.Split('=', 2)).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1]);
        using var aes = Aes.Create();
        aes.Key = key;
        Assert.Equal(plaintext, aes.DecryptCbc(Convert.FromBase64String(fields["data"]), Convert.FromBase64String(fields["iv"])));
    }

    [Fact]
    public void AKnownKeyInTheTokenAgreesWithTheSameKeyAsAFileBothWays()
    {
        var token = Token("cli-known");
        var key = RandomNumberGenerator.GetBytes(32);
        TokenProbe.ImportAesKey(token, Pin, "known", key);
        Assert.Equal(CKR.CKR_ATTRIBUTE_SENSITIVE, TokenProbe.GetAttribute(token, Pin, "known", CKA.CKA_VALUE, out _));
        var keyFile = _dir.Private("known.key", Encoding.ASCII.GetBytes(Convert.ToBase64String(key) + "\n"));
        var uri = Uri(token, "known");
        var tokenLines = Run("secret", "encrypt", "--key-uri", uri, "--key-id", "m0", "--id", "s0", "--data", "from the token").Stdout;
        var fileLines = Run("secret", "encrypt", "--key-file", keyFile, "--key-id", "m0", "--id", "s0", "--data", "from the file", "--with-master").Stdout;
        var tokenMaster = tokenLines.Split('\n')[..2];
        var fileMaster = fileLines.Split('\n')[0];

        // Token ciphertext, file key.
        var a = Run(["secret", "decrypt", "--object", fileMaster, "--object", tokenLines.Split('\n')[2], "--id", "s0"]);
        Assert.True(a.ExitCode == 0, a.Stderr);
        Assert.Equal("from the token", a.Stdout);

        // File ciphertext, token key.
        var b = Run(["secret", "decrypt", .. tokenMaster.SelectMany(l => new[] { "--object", l }), "--object", fileLines.Split('\n')[1], "--id", "s0"]);
        Assert.True(b.ExitCode == 0, b.Stderr);
        Assert.Equal("from the file", b.Stdout);
    }

    [Fact]
    public void QemuImgOpensALuksImageWithThePasswordDerivedThroughTheToken()
    {
        var qemuImg = Tool.Require("qemu-img", "qemu-utils");
        var token = Token("cli-luks");
        Assert.Equal(0, Run("secret", "new-key", "--pkcs11", Uri(token)).ExitCode);
        const string password = "luks-pass-8841";
        var image = _dir.File("disk.luks");
        var created = Tool.Run(qemuImg, ["create", "-f", "luks", "--object", $"secret,id=sec0,data={password}", "-o", "key-secret=sec0", image, "1M"]);
        Assert.True(created.ExitCode == 0, created.Stderr);

        var lines = Run("secret", "encrypt", "--key-uri", Uri(token), "--key-id", "m0", "--id", "pw", "--data", password).Stdout;
        var d = Run(["secret", "decrypt", .. ObjectArgs(lines), "--id", "pw"]);
        Assert.Equal(0, d.ExitCode);
        var passwordFile = _dir.Private("pw", d.StdoutBytes);

        // convert reads the payload, so it must unlock a keyslot (info does not: it reads the header only).
        var opened = Tool.Run(qemuImg, ["convert", "--object", $"secret,id=sec0,file={passwordFile}", "--image-opts", $"driver=luks,key-secret=sec0,file.filename={image}", "-O", "raw", _dir.File("plain.raw")]);
        Assert.True(opened.ExitCode == 0, opened.Stderr);
        Assert.Equal(1024 * 1024, new FileInfo(_dir.File("plain.raw")).Length);

        // The check can fail: another password does not open it.
        var wrong = _dir.Private("wrong", "not-the-password"u8.ToArray());
        var refused = Tool.Run(qemuImg, ["convert", "--object", $"secret,id=sec0,file={wrong}", "--image-opts", $"driver=luks,key-secret=sec0,file.filename={image}", "-O", "raw", _dir.File("wrong.raw")]);
        Assert.NotEqual(0, refused.ExitCode);
        Assert.Contains("Invalid password", refused.Stderr);
    }

    public static TheoryData<string, string, string> Failures => new()
    {
        { "wrong-pin", "pkcs11-login", "CKR_PIN_INCORRECT" },
        { "missing-token", "pkcs11-token", "No PKCS#11 token matches" },
        { "missing-module", "pkcs11-module", "cannot open shared object file" },
        { "wrong-object", "pkcs11-object", "No PKCS#11 secret key" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void FailuresAreTypedWithHintsAndNeverShowThePin(string failure, string code, string text)
    {
        var token = Token($"cli-f-{failure}");
        Assert.Equal(0, Run("secret", "new-key", "--pkcs11", Uri(token)).ExitCode);
        var good = Run("secret", "encrypt", "--key-uri", Uri(token), "--key-id", "m0", "--id", "s0", "--data", "x").Stdout.Split('\n');
        var pinFile = _dir.Private("pin", Encoding.UTF8.GetBytes(failure == "wrong-pin" ? WrongPin : Pin));
        var (uriToken, label, module) = failure switch
        {
            "missing-token" => ("no-such-token", "master", SoftHsm.Module),
            "missing-module" => (token, "master", "/nonexistent/libpkcs11-missing.so"),
            "wrong-object" => (token, "not-there", SoftHsm.Module),
            _ => (token, "master", SoftHsm.Module),
        };

        // The CLI's URI (pin-source, and pin-value: the PIN is then on the command line, and still in no output).
        var outputs = new List<CliRunner.Result>();
        foreach (var pin in new[] { $"pin-source=file:{pinFile}", $"pin-value={(failure == "wrong-pin" ? WrongPin : Pin)}" })
        {
            var uri = $"pkcs11:token={uriToken};object={label}?module-path={module}&{pin}";
            outputs.Add(Run("secret", "encrypt", "--key-uri", uri, "--key-id", "m0", "--id", "s0", "--data", "x"));
            outputs.Add(Run("secret", "encrypt", "--key-uri", uri, "--key-id", "m0", "--id", "s0", "--data", "x", "--json"));
            if (failure != "wrong-object")
            {
                // (new-key of an object not there yet simply makes it.)
                outputs.Add(Run("secret", "new-key", "--pkcs11", uri, "--force", "--json"));
            }
        }

        // The object model: secret decrypt with the -object lines.
        var objectLines = new[]
        {
            $"secret,id=m0-pin,file={pinFile}",
            $"secret-pkcs11,id=m0,uri=pkcs11:token={uriToken};object={label},module={module},pin-secret=m0-pin",
            good[2],
        };
        outputs.Add(Run(["secret", "decrypt", .. objectLines.SelectMany(l => new[] { "--object", l }), "--id", "s0"]));
        outputs.Add(Run(["secret", "decrypt", .. objectLines.SelectMany(l => new[] { "--object", l }), "--id", "s0", "--json"]));

        foreach (var r in outputs)
        {
            var all = r.Stdout + r.Stderr;
            Assert.Equal(1, r.ExitCode);
            Assert.Contains(code, all);
            Assert.Contains(text, all);
            Assert.Contains("hint", all);
            Assert.DoesNotContain(Pin, all, StringComparison.Ordinal);
            Assert.DoesNotContain(WrongPin, all, StringComparison.Ordinal);
        }

        Assert.Equal(failure == "wrong-object" ? 6 : 8, outputs.Count(r => r.ExitCode == 1));
        var objectError = outputs[^2].Stderr;
        Assert.Contains("object 'm0' property '", objectError);
    }

    [Fact]
    public void AWorldReadablePinFileIsRefusedUnlessAllowed()
    {
        var token = Token("cli-pinmode");
        var pinFile = _dir.Write("pin", Pin);
        File.SetUnixFileMode(pinFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var uri = SoftHsm.KeyUri(token, "master", pinFile);
        var r = Run("secret", "new-key", "--pkcs11", uri);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("readable by other users", r.Stderr);
        Assert.Contains("--allow-world-readable", r.Stderr);
        Assert.Equal(0, Run("secret", "new-key", "--pkcs11", uri, "--allow-world-readable").ExitCode);
    }
}
