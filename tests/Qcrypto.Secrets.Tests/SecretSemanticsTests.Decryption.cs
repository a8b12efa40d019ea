using System.Security.Cryptography;
using System.Text;
using Qcrypto.Errors;
using Qcrypto.SecretObjects;

namespace Qcrypto.Tests;

/// <summary>What a secret is, continued: decryption with a key, as QEMU orders and words its checks.</summary>
public sealed partial class SecretSemanticsTests
{
    // ---- Decryption ----

    [Fact]
    public void DecryptionChecksComeInQemusOrder()
    {
        // 1. the key lookup, before the IV or the data are looked at
        T.Rejects("No secret with id 'nokey'", "secret,id=s0,data=MTI$,format=base64,keyid=nokey,iv=$$");
        // 2. the key length, before the missing IV
        T.Rejects("Key should be 32 bytes in length", "secret,id=k0,data=short", "secret,id=s0,data=MTI$,format=base64,keyid=k0");
        // 3. the missing IV, before the data
        T.Rejects("IV is required to decrypt secret", T.MasterLine(), "secret,id=s0,data=MTI$,format=base64,keyid=k0");
        // 4. the IV's base64, before the data's
        var e = T.Rejects("Base64 data contains invalid characters", T.MasterLine(), "secret,id=s0,data=MTI$,format=base64,keyid=k0,iv=$$");
        Assert.Equal("iv", e.Property);
        // 5. the IV's length, before the data
        T.Rejects("IV should be 16 bytes in length not 32", T.MasterLine(), $"secret,id=s0,data=MTI$,format=base64,keyid=k0,iv={T.IvBase64}{T.IvBase64}");
        // 6. the data's base64
        e = T.Rejects("Base64 data contains invalid characters", T.MasterLine(), $"secret,id=s0,data=MTI$,format=base64,keyid=k0,iv={T.IvBase64}");
        Assert.Equal("data", e.Property);
        // 7. the block length
        e = T.Rejects("Length 15 must be a multiple of block size 16", T.MasterLine(), $"secret,id=s0,data=123456789012345,keyid=k0,iv={T.IvBase64}");
        Assert.Equal(ErrorCodes.SecretBlockLength, e.Code);
        // 8. empty ciphertext (QEMU would read before its buffer)
        e = T.Rejects("Encrypted secret data is empty", T.MasterLine(), $"secret,id=s0,data=,keyid=k0,iv={T.IvBase64}");
        Assert.Equal(ErrorCodes.SecretEmptyCiphertext, e.Code);
        e = T.Rejects("Encrypted secret data is empty", T.MasterLine(), $"secret,id=s0,data=YQ,format=base64,keyid=k0,iv={T.IvBase64}");
        Assert.Equal(ErrorCodes.SecretEmptyCiphertext, e.Code);
        // 9. the padding
        var bad = Encrypt(MasterKey, Iv, [.. new byte[15], 17], PaddingMode.None);
        e = T.Rejects("Incorrect number of padding bytes (17) found on decrypted data", T.MasterLine(), Encrypted("s0", bad));
        Assert.Equal(ErrorCodes.SecretPadding, e.Code);
    }

    [Theory]
    [InlineData("0I7Gw/TKuA+Old2W2a", 12)]
    [InlineData("0I7Gw/TKuA+Old2W2apQ3g", 15)]
    [InlineData("0I7Gw/TKuA+Old2W2apQ3g=", 15)]
    [InlineData("", 0)]
    [InlineData("0I7Gw/TKuA+Old2W2apQ3g==0I7G", 19)]
    public void IvLengths(string iv, int length) =>
        T.Rejects($"IV should be 16 bytes in length not {length}", T.MasterLine(), Encrypted("s0", T.CiphertextBase64, iv: iv));

    [Fact]
    public void IvMayContainNewlines()
    {
        using var registry = T.With(T.MasterLine(), Encrypted("s0", T.CiphertextBase64, iv: "0I7Gw/TKuA+O\nld2W2apQ3g=="));
        Assert.Equal("123456", T.Utf8(registry, "s0"));
    }

    [Theory]
    [InlineData(17)]
    [InlineData(32)]
    [InlineData(255)]
    public void PaddingLargerThanABlockIsRefused(int pad)
    {
        var bad = Encrypt(MasterKey, Iv, [.. new byte[31], (byte)pad], PaddingMode.None);
        T.Rejects($"Incorrect number of padding bytes ({pad}) found on decrypted data", T.MasterLine(), Encrypted("s0", bad));
    }

    [Fact]
    public void QemusLoosePaddingIsAcceptedWithAWarning()
    {
        // Last byte 3 but the two before it are not 3: QEMU strips 3 bytes anyway.
        var loose = Encrypt(MasterKey, Iv, [.. "0123456789abc"u8, 9, 9, 3], PaddingMode.None);
        using var registry = T.With(T.MasterLine(), Encrypted("s0", loose));
        var secret = registry.Get<Secret>("s0");
        Assert.Equal("0123456789abc", T.Utf8(registry, "s0"));
        Assert.False(secret.PaddingValid);
        var warning = Assert.Single(secret.Warnings);
        Assert.Equal("secret-padding-invalid", warning.Code);
    }

    [Fact]
    public void ZeroPaddingStripsNothing()
    {
        var zero = Encrypt(MasterKey, Iv, [.. "abcdefghijklmno"u8, 0], PaddingMode.None);
        using var registry = T.With(T.MasterLine(), Encrypted("s0", zero));
        Assert.Equal([.. "abcdefghijklmno"u8, 0], T.Bytes(registry, "s0"));
        Assert.False(registry.Get<Secret>("s0").PaddingValid);
        Assert.Equal("secret-padding-invalid", Assert.Single(registry.Get<Secret>("s0").Warnings).Code);
    }

    [Fact]
    public void AFullBlockOfPaddingLeavesAnEmptySecret()
    {
        using var registry = T.With(T.MasterLine(), Encrypted("s0", Encrypt(MasterKey, Iv, [])));
        Assert.Empty(T.Bytes(registry, "s0"));
        Assert.True(registry.Get<Secret>("s0").PaddingValid);
        Assert.True(registry.Get<Secret>("s0").IsLoaded);
    }

    [Fact]
    public void WithKeyidFormatDescribesTheCiphertextNotThePlaintext()
    {
        // The plaintext is base64 text: it is not decoded again.
        using var registry = T.With(T.MasterLine(), Encrypted("s0", Encrypt(MasterKey, Iv, "MTIzNDU2"u8.ToArray())));
        Assert.Equal("MTIzNDU2", T.Utf8(registry, "s0"));
    }

    [Fact]
    public void RawCiphertextThatLooksLikeBase64GetsAHint()
    {
        var e = T.Rejects("Length 24 must be a multiple of block size 16", T.MasterLine(), $"secret,id=s0,data={T.CiphertextBase64},keyid=k0,iv={T.IvBase64}");
        Assert.Contains("format=base64", e.Hint, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(6)]
    public void ChainsOfEncryptedKeys(int depth)
    {
        // k0 is the master; k1..k(depth-1) are 32-byte keys each encrypted with the one before; s0 with the last.
        var lines = new List<string> { T.MasterLine("k0") };
        var key = MasterKey;
        for (var level = 1; level < depth; level++)
        {
            var next = RandomNumberGenerator.GetBytes(32);
            var iv = RandomNumberGenerator.GetBytes(16);
            lines.Add(Encrypted($"k{level}", Encrypt(key, iv, next), $"k{level - 1}", Convert.ToBase64String(iv)));
            key = next;
        }

        var finalIv = RandomNumberGenerator.GetBytes(16);
        lines.Add(Encrypted("s0", Encrypt(key, finalIv, "deep secret"u8.ToArray()), $"k{depth - 1}", Convert.ToBase64String(finalIv)));
        using var registry = T.With([.. lines]);
        Assert.Equal("deep secret", T.Utf8(registry, "s0"));
        Assert.Equal(key, T.Bytes(registry, $"k{depth - 1}"));
        Assert.All(registry.Objects.OfType<Secret>().Where(s => s.KeyId is not null), s => Assert.True(s.PaddingValid));

        // The keys were only leased while decrypting: each can go now, and the secret stays.
        for (var level = depth - 1; level >= 0; level--)
        {
            registry.Delete($"k{level}");
        }

        Assert.Equal("deep secret", T.Utf8(registry, "s0"));
    }

    [Fact]
    public void ChainWithTheWrongKeyFailsOrWarns()
    {
        var next = RandomNumberGenerator.GetBytes(32);
        var ivK1 = RandomNumberGenerator.GetBytes(16);
        var k1 = Encrypted("k1", Encrypt(MasterKey, ivK1, next), "k0", Convert.ToBase64String(ivK1));
        var s0 = Encrypted("s0", Encrypt(next, Iv, "the secret"u8.ToArray()), "k0");
        using var registry = T.With(T.MasterLine(), k1);
        try
        {
            registry.Add(s0);
            Assert.False(registry.Get<Secret>("s0").PaddingValid);
        }
        catch (SecretException e)
        {
            Assert.StartsWith("Incorrect number of padding bytes (", e.QemuMessage, StringComparison.Ordinal);
        }
    }

    // ---- Lookups ----

    [Fact]
    public void LookupMessages()
    {
        using var registry = T.With("secret,id=s0,data=abc", "iothread,id=i0", "secret,id=bin,data=f0VMRgIBAQAAAA==,format=base64");
        Assert.Equal("No secret with id 'x'", Assert.Throws<SecretException>(() => registry.Secrets.Bytes("x")).QemuMessage);
        Assert.Equal(ErrorCodes.SecretNotFound, Assert.Throws<SecretException>(() => registry.Secrets.Bytes("x")).Code);
        Assert.Equal("Object with id 'i0' is not a secret", Assert.Throws<SecretException>(() => registry.Secrets.Utf8("i0")).QemuMessage);
        Assert.Equal("Data from secret bin is not valid UTF-8", Assert.Throws<SecretException>(() => registry.Secrets.Utf8("bin")).QemuMessage);
        Assert.Equal("abc", T.Utf8(registry, "s0"));
        using var base64 = registry.Secrets.Base64("bin");
        Assert.Equal("f0VMRgIBAQAAAA==", Encoding.ASCII.GetString(base64.Span));

        // The failed UTF-8 lookup gave its lease back.
        registry.Delete("bin");
    }

    [Fact]
    public void ASecretNamingItselfAsKeyHasNoData()
    {
        var e = T.Rejects("Secret with id 's0' has no data", "secret,id=s0,data=x,keyid=s0");
        Assert.Equal(ErrorCodes.SecretNoData, e.Code);
        Assert.Equal("keyid", e.Property);
    }

    [Fact]
    public void KeyidMustNameASecretCreatedBefore()
    {
        T.Rejects("No secret with id 'k0'", Encrypted("s0", T.CiphertextBase64));
        T.Rejects("Object with id 'k0' is not a secret", "iothread,id=k0", Encrypted("s0", T.CiphertextBase64));
        T.Rejects("No secret with id ''", "secret,id=s0,data=x,keyid=");

        // A master whose own creation failed is not there.
        using var registry = T.Registry();
        Assert.ThrowsAny<QcryptoException>(() => registry.Add("secret,id=k0,data=$$,format=base64"));
        T.Rejects(registry, "No secret with id 'k0'", Encrypted("s0", T.CiphertextBase64));
    }

    [Fact]
    public void NonAsciiDataIsItsUtf8Bytes()
    {
        using var registry = T.With("secret,id=s0,data=pässwörd");
        Assert.Equal("pässwörd"u8.ToArray(), T.Bytes(registry, "s0"));
        Assert.Equal("pässwörd", T.Utf8(registry, "s0"));
    }

    [Fact]
    public void Utf8RulesAreGlibs()
    {
        Assert.True(SecretLookup.IsQemuUtf8(""u8));
        Assert.True(SecretLookup.IsQemuUtf8("abc"u8));
        Assert.False(SecretLookup.IsQemuUtf8("a\0b"u8));
        Assert.False(SecretLookup.IsQemuUtf8([0xff]));
        Assert.False(SecretLookup.IsQemuUtf8([0xc3])); // truncated sequence
        Assert.False(SecretLookup.IsQemuUtf8([0xed, 0xa0, 0x80])); // a surrogate
    }
}
