using System.Text;
using Qcrypto.Composition;
using Qcrypto.Errors;
using Qcrypto.Keys;
using Qcrypto.Objects;
using Qcrypto.Pkcs11;
using Qcrypto.SecretObjects;

namespace Qcrypto.Tests.Pkcs11;

/// <summary>
/// Issue 14, item 3: secret-pkcs11 against a real SoftHSM2 token (no mocks). A key generated in the
/// token decrypts secrets chained to it through the object model; the token does the AES, qcrypto the
/// padding check with QEMU's message; failures are typed, name the object and property, carry a hint
/// and never the PIN.
/// </summary>
public sealed class SecretPkcs11Tests
{
    private const string Pin = "pin-7391-zq";
    private const string WrongPin = "wrong-pin-55821";
    private static readonly byte[] Iv = Convert.FromBase64String("TfRoOfwYl6PB9VhZOfnZdg==");
    private readonly SoftHsm _hsm = SoftHsm.ForThisProcess;

    /// <summary>A fresh token with an AES-256 key 'master' generated in it; returns the token label.</summary>
    private string TokenWithKey(string label)
    {
        _hsm.InitToken(label, Pin);
        Pkcs11Key.Generate(SoftHsm.Module, Pkcs11Uri.Parse($"pkcs11:token={label};object=master"), Encoding.UTF8.GetBytes(Pin), login: true, "pin", replace: false);
        return label;
    }

    private static byte[] EncryptInToken(string token, byte[] plaintext)
    {
        using var key = Pkcs11Key.Open(SoftHsm.Module, Pkcs11Uri.Parse($"pkcs11:token={token};object=master"), Encoding.UTF8.GetBytes(Pin), login: true, "pin");
        return key.Encrypt(Iv, plaintext);
    }

    private string[] Lines(string token, byte[] ciphertext, string pin = Pin, string module = SoftHsm.Module, string uri = "") =>
    [
        $"secret,id=pin0,file={_hsm.PinFile($"{token}-{Guid.NewGuid():N}.pin", pin)}",
        $"secret-pkcs11,id=hsm0,uri={(uri.Length > 0 ? uri : $"pkcs11:token={token};object=master")},module={module},pin-secret=pin0",
        $"secret,id=sec0,data={Convert.ToBase64String(ciphertext)},keyid=hsm0,iv={Convert.ToBase64String(Iv)},format=base64",
    ];

    private static ObjectRegistry Build(IEnumerable<string> lines)
    {
        var registry = QcryptoCatalog.CreateRegistry();
        try
        {
            foreach (var line in lines)
            {
                registry.Add(line);
            }

            return registry;
        }
        catch
        {
            registry.Dispose();
            throw;
        }
    }

    private static T Fails<T>(IEnumerable<string> lines)
        where T : Exception
    {
        var e = Assert.Throws<T>(() => Build(lines).Dispose());
        foreach (var text in new[] { e.Message, (e as QcryptoException)?.Hint ?? "" })
        {
            Assert.DoesNotContain(Pin, text, StringComparison.Ordinal);
            Assert.DoesNotContain(WrongPin, text, StringComparison.Ordinal);
        }

        return e;
    }

    [Fact]
    public void AKeyGeneratedInTheTokenDecryptsASecretThroughTheObjectModel()
    {
        var token = TokenWithKey("obj-model");
        var ciphertext = EncryptInToken(token, "hunter2"u8.ToArray());
        using var registry = Build(Lines(token, ciphertext));
        using (var lease = registry.Secrets.Bytes("sec0"))
        {
            Assert.Equal("hunter2"u8.ToArray(), lease.Bytes.ToArray());
        }

        Assert.True(registry.Get<Secret>("sec0").PaddingValid);
        Assert.IsType<SecretPkcs11>(registry.Find("hsm0"));
    }

    [Fact]
    public void ThePinSecretMayItselfBeEncrypted()
    {
        var token = TokenWithKey("pin-chain");
        var ciphertext = EncryptInToken(token, "chained"u8.ToArray());
        var fileKey = Convert.FromBase64String("9miloPQCzGy+TL6aonfzVcptibCmCIhKzrnlfwiWivk=");
        var encryptedPin = SecretCipher.Encrypt(fileKey, Iv, Encoding.UTF8.GetBytes(Pin));
        using var registry = Build(
        [
            "secret,id=k0,data=9miloPQCzGy+TL6aonfzVcptibCmCIhKzrnlfwiWivk=,format=base64",
            $"secret,id=pin0,data={Convert.ToBase64String(encryptedPin)},keyid=k0,iv={Convert.ToBase64String(Iv)},format=base64",
            $"secret-pkcs11,id=hsm0,uri=pkcs11:token={token};object=master,module={SoftHsm.Module},pin-secret=pin0",
            $"secret,id=sec0,data={Convert.ToBase64String(ciphertext)},keyid=hsm0,iv={Convert.ToBase64String(Iv)},format=base64",
        ]);
        using var lease = registry.Secrets.Bytes("sec0");
        Assert.Equal("chained"u8.ToArray(), lease.Bytes.ToArray());
    }

    [Fact]
    public void APaddingErrorHasQemusMessageAsWithAKeyFile()
    {
        // 16 bytes of 0xFF, encrypted, first block only: decrypts to a last byte of 255, whichever key.
        var token = TokenWithKey("padding");
        var firstBlock = EncryptInToken(token, Enumerable.Repeat((byte)0xFF, 16).ToArray())[..16];
        var viaToken = Fails<SecretException>(Lines(token, firstBlock));

        var fileKey = Convert.FromBase64String("9miloPQCzGy+TL6aonfzVcptibCmCIhKzrnlfwiWivk=");
        var fileBlock = SecretCipher.Encrypt(fileKey, Iv, Enumerable.Repeat((byte)0xFF, 16).ToArray())[..16];
        var viaFile = Fails<SecretException>(
        [
            "secret,id=hsm0,data=9miloPQCzGy+TL6aonfzVcptibCmCIhKzrnlfwiWivk=,format=base64",
            $"secret,id=sec0,data={Convert.ToBase64String(fileBlock)},keyid=hsm0,iv={Convert.ToBase64String(Iv)},format=base64",
        ]);

        Assert.Equal("Incorrect number of padding bytes (255) found on decrypted data", viaToken.QemuMessage);
        Assert.Equal(viaFile.QemuMessage, viaToken.QemuMessage);
        Assert.Equal(viaFile.Message, viaToken.Message);
        Assert.Equal(ErrorCodes.SecretPadding, viaToken.Code);
    }

    [Fact]
    public void AWrongPinIsATypedErrorOnPinSecretWithoutThePin()
    {
        var token = TokenWithKey("wrong-pin");
        var e = Fails<Pkcs11Exception>(Lines(token, EncryptInToken(token, "x"u8.ToArray()), pin: WrongPin));
        Assert.Equal(Pkcs11ErrorCodes.Login, e.Code);
        Assert.Equal(("hsm0", "pin-secret"), (e.ObjectId, e.Property));
        Assert.Equal("CKR_PIN_INCORRECT", e.ReturnValue);
        Assert.Contains("CKR_PIN_INCORRECT", e.Message);
        Assert.NotNull(e.Hint);
    }

    [Fact]
    public void APinFileEndingInANewlineGetsItsOwnHint()
    {
        var token = TokenWithKey("pin-newline");
        var e = Fails<Pkcs11Exception>(Lines(token, EncryptInToken(token, "x"u8.ToArray()), pin: Pin + "\n"));
        Assert.Equal(Pkcs11ErrorCodes.Login, e.Code);
        Assert.Contains("printf", e.Hint);
    }

    [Fact]
    public void AMissingTokenIsATypedErrorOnUri()
    {
        var token = TokenWithKey("token-here");
        var e = Fails<Pkcs11Exception>(Lines(token, EncryptInToken(token, "x"u8.ToArray()), uri: "pkcs11:token=no-such-token;object=master"));
        Assert.Equal(Pkcs11ErrorCodes.Token, e.Code);
        Assert.Equal(("hsm0", "uri"), (e.ObjectId, e.Property));
        Assert.Contains("no-such-token", e.Message);
        Assert.Contains("--list-token-slots", e.Hint);
    }

    [Fact]
    public void AMissingModuleIsATypedErrorOnModuleWithTheLoadersWords()
    {
        var e = Fails<Pkcs11Exception>(Lines("any", new byte[16], module: "/nonexistent/libpkcs11-missing.so"));
        Assert.Equal(Pkcs11ErrorCodes.Module, e.Code);
        Assert.Equal(("hsm0", "module"), (e.ObjectId, e.Property));
        Assert.Contains("/nonexistent/libpkcs11-missing.so: cannot open shared object file: No such file or directory", e.Message);
        Assert.Contains("install the provider", e.Hint);
    }

    [Fact]
    public void AWrongObjectIsATypedErrorOnUri()
    {
        var token = TokenWithKey("wrong-object");
        var e = Fails<Pkcs11Exception>(Lines(token, EncryptInToken(token, "x"u8.ToArray()), uri: $"pkcs11:token={token};object=not-there"));
        Assert.Equal(Pkcs11ErrorCodes.Object, e.Code);
        Assert.Equal(("hsm0", "uri"), (e.ObjectId, e.Property));
        Assert.Contains("not-there", e.Message);
        Assert.Contains(e.Fix!.Actions, a => a.Task == ToolTask.NewMasterKey);
    }

    [Theory]
    [InlineData("pkcs11:token=qc;object=m?pin-value=" + Pin, "query attributes")]
    [InlineData("pkcs11:token=qc;object=m;slot-id=1", "'slot-id' is not supported")]
    [InlineData("pkcs11:token=q%zz;object=m", "'%' not followed by two hex digits")]
    [InlineData("file:/x", "starts with 'pkcs11:'")]
    [InlineData("pkcs11:token=qc;object=m;type=private", "type=private")]
    [InlineData("pkcs11:token=qc;" + Pin, "NAME=VALUE")]
    public void AMalformedUriIsRefusedWhenSetWithoutEchoingAPin(string uri, string expected)
    {
        var e = Fails<Pkcs11Exception>([$"secret-pkcs11,id=hsm0,uri={uri},module={SoftHsm.Module}"]);
        Assert.Equal(Pkcs11ErrorCodes.Uri, e.Code);
        Assert.Equal(("hsm0", "uri"), (e.ObjectId, e.Property));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void SecretPkcs11IsRegisteredByTheCompositionRootAndMarkedBeyondQemu()
    {
        var type = QcryptoCatalog.Create().Find("secret-pkcs11");
        Assert.NotNull(type);
        Assert.True(type.IsBeyondQemu);
        Assert.Contains("beyond QEMU", type.Schema.Description);
        Assert.All(QcryptoCatalog.Create().Types.Where(t => t.IsBeyondQemu), t => Assert.False(QemuObjectTypes.HasClass(t.Name)));
    }

    [Fact]
    public void UriAttributesArePercentDecoded()
    {
        var uri = Pkcs11Uri.Parse("pkcs11:token=my%20token;object=m%3Bk;id=%01%ff;serial=ABC?module-path=/usr/lib/x.so&pin-source=file:/p");
        Assert.Equal(("my token", "m;k", "ABC"), (uri.Token, uri.Object, uri.Serial));
        Assert.Equal(new byte[] { 1, 0xFF }, uri.Id);
        Assert.Equal(("/usr/lib/x.so", "file:/p"), (uri.ModulePath, uri.PinSource));
        Assert.Equal("pkcs11:token=my%20token;serial=ABC;object=m%3Bk;id=%01%FF", uri.ToString());
    }

    [Fact]
    public void ASecretPkcs11InUseCannotBeDeletedAndOneNotInUseCan()
    {
        var token = TokenWithKey("in-use");
        using var registry = Build(Lines(token, EncryptInToken(token, "x"u8.ToArray())));
        using (registry.Secrets.MasterKey("hsm0"))
        {
            var e = Assert.Throws<ObjectException>(() => registry.Delete("hsm0"));
            Assert.Equal(ErrorCodes.ObjectInUse, e.Code);
        }

        registry.Delete("sec0");
        registry.Delete("hsm0");
        Assert.Null(registry.Find("hsm0"));
    }

    [Fact]
    public void DecryptionIsThreadSafe()
    {
        var token = TokenWithKey("threads");
        var plaintexts = Enumerable.Range(0, 64).Select(i => Encoding.ASCII.GetBytes($"secret number {i} {new string('x', i)}")).ToArray();
        var ciphertexts = plaintexts.Select(p => EncryptInToken(token, p)).ToArray();
        using var registry = Build(Lines(token, ciphertexts[0]));
        using var master = registry.Secrets.MasterKey("hsm0");
        Parallel.For(0, 256, new ParallelOptions { MaxDegreeOfParallelism = 8 }, i =>
        {
            var n = i % plaintexts.Length;
            using var buffer = SecretBuffer.CopyOf(ciphertexts[n]);
            SecretCipher.DecryptInPlace(master, Iv, buffer, out var valid);
            Assert.True(valid);
            Assert.Equal(plaintexts[n], buffer.Span.ToArray());
        });
    }
}
