using System.Text;
using Qcrypto.Errors;
using Qcrypto.SecretObjects;

namespace Qcrypto.Tests;

/// <summary>
/// Every row of QEMU's tests/unit/test-crypto-secret.c (reference notes, section 1e), with QEMU's
/// messages. The keyring rows use real kernel keys made with keyctl.
/// </summary>
public sealed class QemuSecretTableTests : IDisposable
{
    private readonly ScratchDir _dir = new();
    private readonly KernelKeys _keys = new();

    public void Dispose()
    {
        _keys.Dispose();
        _dir.Dispose();
    }

    [Fact]
    public void Direct()
    {
        using var registry = T.With("secret,id=sec0,data=123456");
        Assert.Equal("123456", T.Utf8(registry, "sec0"));
    }

    [Fact]
    public void IndirectGood()
    {
        var file = _dir.File("secret", "123456");
        using var registry = T.With($"secret,id=sec0,file={file}");
        Assert.Equal("123456", T.Utf8(registry, "sec0"));
    }

    [Fact]
    public void IndirectBadFile()
    {
        var file = _dir.PathOf("does-not-exist");
        var e = T.Rejects($"Unable to read {file}: Failed to open file “{file}”: No such file or directory", $"secret,id=sec0,file={file}");
        Assert.Equal(ErrorCodes.SecretRead, e.Code);
        Assert.Equal("file", e.Property);
    }

    [Fact]
    public void IndirectEmptyFile()
    {
        var file = _dir.File("empty", "");
        using var registry = T.With($"secret,id=sec0,file={file}");
        Assert.Equal("", T.Utf8(registry, "sec0"));
        Assert.True(registry.Get<Secret>("sec0").IsLoaded);
    }

    [Fact]
    public void KeyringGood()
    {
        var serial = _keys.Add("Test Payload");
        using var registry = T.With($"secret_keyring,id=sec0,serial=0x{serial:x8}");

        // The payload was copied when the object completed: unlinking the key changes nothing.
        KernelKeys.Unlink(serial);
        Assert.Equal("Test Payload", T.Utf8(registry, "sec0"));
        Assert.Equal(serial, registry.Get<SecretKeyring>("sec0").Serial);
    }

    [Fact]
    public void KeyringRevokedKey()
    {
        var serial = _keys.Add("Test Payload");
        KernelKeys.Revoke(serial);
        var e = T.Rejects($"Unable to read serial key {serial:x8}: Key has been revoked", $"secret_keyring,id=sec0,serial={serial}");
        Assert.Equal(ErrorCodes.Keyring, e.Code);
        Assert.Equal("serial", e.Property);
        Assert.NotNull(e.Hint);
    }

    [Fact]
    public void KeyringExpiredKey()
    {
        var serial = _keys.Add("Test Payload");
        KernelKeys.Timeout(serial, 1);
        Thread.Sleep(1300);
        T.Rejects($"Unable to read serial key {serial:x8}: Key has expired", $"secret_keyring,id=sec0,serial={serial}");
    }

    [Fact]
    public void KeyringBadSerialKey() =>
        T.Rejects("Unable to read serial key 00000001: Required key not available", "secret_keyring,id=sec0,serial=1");

    [Fact]
    public void KeyringNegativeSerialIsPrintedAsUnsigned() =>
        T.Rejects("Unable to read serial key ffffffe0: Required key not available", "secret_keyring,id=sec0,serial=-32");

    [Fact]
    public void NoconvBase64Good()
    {
        using var registry = T.With("secret,id=sec0,data=MTIzNDU2,format=base64");
        using var base64 = registry.Secrets.Base64("sec0");
        Assert.Equal("MTIzNDU2", Encoding.ASCII.GetString(base64.Span));
    }

    [Fact]
    public void NoconvBase64Bad()
    {
        var e = T.Rejects("Base64 data contains invalid characters", "secret,id=sec0,data=MTI$NDU2,format=base64");
        Assert.Equal(ErrorCodes.Base64, e.Code);
        Assert.Equal("data", e.Property);
    }

    [Fact]
    public void NoconvUtf8()
    {
        using var registry = T.With("secret,id=sec0,data=123456,format=raw");
        Assert.Equal("123456", T.Utf8(registry, "sec0"));
    }

    [Fact]
    public void ConvBase64Utf8Valid()
    {
        using var registry = T.With("secret,id=sec0,data=MTIzNDU2,format=base64");
        Assert.Equal("123456", T.Utf8(registry, "sec0"));
    }

    [Fact]
    public void ConvBase64Utf8Invalid()
    {
        // The ELF header: creation works; the UTF-8 lookup fails on its NUL bytes (g_utf8_validate).
        using var registry = T.With("secret,id=sec0,data=f0VMRgIBAQAAAA==,format=base64");
        Assert.Equal(new byte[] { 0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00, 0x00 }, T.Bytes(registry, "sec0"));
        var e = Assert.Throws<SecretException>(() => registry.Secrets.Utf8("sec0"));
        Assert.Equal("Data from secret sec0 is not valid UTF-8", e.QemuMessage);
        Assert.Equal(ErrorCodes.SecretNotUtf8, e.Code);
    }

    [Fact]
    public void ConvUtf8Base64()
    {
        using var registry = T.With("secret,id=sec0,data=123456");
        using var base64 = registry.Secrets.Base64("sec0");
        Assert.Equal("MTIzNDU2", Encoding.ASCII.GetString(base64.Span));
    }

    [Fact]
    public void CryptRaw()
    {
        var file = _dir.File("cipher", T.Ciphertext);
        using var registry = T.With(T.MasterLine("master"), $"secret,id=sec0,file={file},format=raw,keyid=master,iv={T.IvBase64}");
        Assert.Equal("123456", T.Utf8(registry, "sec0"));
        Assert.True(registry.Get<Secret>("sec0").PaddingValid);
    }

    [Fact]
    public void CryptBase64()
    {
        using var registry = T.With(T.MasterLine("master"), $"secret,id=sec0,data={T.CiphertextBase64},format=base64,keyid=master,iv={T.IvBase64}");
        Assert.Equal("123456", T.Utf8(registry, "sec0"));
        Assert.Empty(registry.Get<Secret>("sec0").Warnings);
    }

    [Fact]
    public void CryptShortKey()
    {
        var e = T.Rejects("Key should be 32 bytes in length",
            "secret,id=master,data=9miloPQCzGy+TL6aonfzVc,format=base64",
            $"secret,id=sec0,data={T.CiphertextBase64},format=base64,keyid=master,iv={T.IvBase64}");
        Assert.Equal(ErrorCodes.SecretKeyLength, e.Code);
        Assert.Equal("keyid", e.Property);
        Assert.Equal("sec0", e.ObjectId);
    }

    [Fact]
    public void CryptShortIv()
    {
        var e = T.Rejects("IV should be 16 bytes in length not 12",
            T.MasterLine("master"), $"secret,id=sec0,data={T.CiphertextBase64},format=base64,keyid=master,iv=0I7Gw/TKuA+Old2W2a");
        Assert.Equal(ErrorCodes.SecretIvLength, e.Code);
        Assert.Equal("iv", e.Property);
    }

    [Fact]
    public void CryptMissingIv()
    {
        var e = T.Rejects("IV is required to decrypt secret",
            T.MasterLine("master"), $"secret,id=sec0,data={T.CiphertextBase64},format=base64,keyid=master");
        Assert.Equal(ErrorCodes.SecretIvMissing, e.Code);
        Assert.Equal("iv", e.Property);
    }

    [Fact]
    public void CryptBadIv()
    {
        var e = T.Rejects("Base64 data contains invalid characters",
            T.MasterLine("master"), $"secret,id=sec0,data={T.CiphertextBase64},format=base64,keyid=master,iv=0I7Gw/TK$$uA+Old2W2a");
        Assert.Equal(ErrorCodes.Base64, e.Code);
        Assert.Equal("iv", e.Property);
    }

    [Fact]
    public void KnownAnswerVectorIsQemus()
    {
        // AES-256-CBC of "123456" + ten 0x0a padding bytes, independently of the library under test.
        using var aes = System.Security.Cryptography.Aes.Create();
        aes.Key = Convert.FromBase64String(T.MasterKeyBase64);
        var ciphertext = aes.EncryptCbc("123456"u8, Convert.FromBase64String(T.IvBase64), System.Security.Cryptography.PaddingMode.PKCS7);
        Assert.Equal(T.Ciphertext, ciphertext);
        Assert.Equal(T.CiphertextBase64, Convert.ToBase64String(ciphertext));
    }
}
