using System.Security.Cryptography;
using System.Text;
using Qcrypto.Errors;
using Qcrypto.Objects;
using Qcrypto.SecretObjects;

namespace Qcrypto.Tests;

/// <summary>What a secret is: bytes from data, a file or a key, decoded and decrypted exactly as QEMU does.</summary>
public sealed class SecretSemanticsTests : IDisposable
{
    private static readonly byte[] MasterKey = Convert.FromBase64String(T.MasterKeyBase64);
    private static readonly byte[] Iv = Convert.FromBase64String(T.IvBase64);
    private readonly ScratchDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private static string Encrypt(byte[] key, byte[] iv, byte[] plaintext, PaddingMode padding = PaddingMode.PKCS7)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        return Convert.ToBase64String(aes.EncryptCbc(plaintext, iv, padding));
    }

    private static string Encrypted(string id, string ciphertextBase64, string keyid = "k0", string iv = T.IvBase64) =>
        $"secret,id={id},data={ciphertextBase64},format=base64,keyid={keyid},iv={iv}";

    // ---- Files ----

    [Fact]
    public void FileBytesAreUsedVerbatimIncludingTheTrailingNewline()
    {
        var file = _dir.File("pw", "123456\n");
        using var registry = T.With($"secret,id=s0,file={file}");
        Assert.Equal("123456\n"u8.ToArray(), T.Bytes(registry, "s0"));
        var warning = Assert.Single(registry.Get<Secret>("s0").Warnings);
        Assert.Equal("secret-trailing-newline", warning.Code);
    }

    [Fact]
    public void BinaryFilesKeepEveryByte()
    {
        byte[] bytes = [0, 1, 2, 0xff, 0, (byte)'\r', (byte)'\n', 0x80];
        var file = _dir.File("bin", bytes);
        using var registry = T.With($"secret,id=s0,file={file}");
        Assert.Equal(bytes, T.Bytes(registry, "s0"));
        Assert.Empty(registry.Get<Secret>("s0").Warnings);
    }

    [Fact]
    public void DataWithoutTrailingNewlineHasNoWarning()
    {
        using var registry = T.With("secret,id=s0,data=123456");
        Assert.Empty(registry.Get<Secret>("s0").Warnings);
    }

    [Fact]
    public void DataEndsAtItsFirstNul()
    {
        using var registry = T.Registry();
        registry.Create("secret", "s0", new KeyValuePair<string, string>("data", "ab\0cd"));
        Assert.Equal("ab"u8.ToArray(), T.Bytes(registry, "s0"));
    }

    [Fact]
    public void EmptyDataIsAValidEmptySecret()
    {
        using var registry = T.With("secret,id=s0,data=");
        Assert.Empty(T.Bytes(registry, "s0"));
        Assert.True(registry.Get<Secret>("s0").IsLoaded);
    }

    [Fact]
    public void WorldReadablePlaintextFileIsRefused()
    {
        var file = _dir.File("pw", "123456", ScratchDir.Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var e = T.Rejects($"Refusing to read secret file {file}: it is readable by other users (mode 0644)", $"secret,id=s0,file={file}");
        Assert.Equal(ErrorCodes.SecretFilePermissions, e.Code);
        Assert.Equal("file", e.Property);
        Assert.Contains("chmod o-rwx", e.Hint, StringComparison.Ordinal);

        using var allowing = T.Registry(allowWorldReadable: true);
        allowing.Add($"secret,id=s0,file={file}");
        Assert.Equal("123456", T.Utf8(allowing, "s0"));
    }

    [Fact]
    public void WorldReadableMasterKeyFileIsRefusedToo()
    {
        var file = _dir.File("master", MasterKey, ScratchDir.Private | UnixFileMode.OtherRead);
        T.Rejects($"Refusing to read secret file {file}: it is readable by other users (mode 0604)", $"secret,id=k0,file={file}");
    }

    [Fact]
    public void GroupReadableFileIsAccepted()
    {
        var file = _dir.File("pw", "123456", ScratchDir.Private | UnixFileMode.GroupRead);
        using var registry = T.With($"secret,id=s0,file={file}");
        Assert.Equal("123456", T.Utf8(registry, "s0"));
    }

    [Fact]
    public void WorldReadableEncryptedFileIsAccepted()
    {
        var file = _dir.File("cipher", T.Ciphertext, ScratchDir.Private | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        using var registry = T.With(T.MasterLine(), $"secret,id=s0,file={file},keyid=k0,iv={T.IvBase64}");
        Assert.Equal("123456", T.Utf8(registry, "s0"));
    }

    [Fact]
    public void FileErrorsUseGlibsWording()
    {
        var dir = _dir.Dir;
        T.Rejects($"Unable to read {dir}: Error reading file “{dir}”: Is a directory", $"secret,id=s0,file={dir}");
        var plain = _dir.File("plain", "x");
        T.Rejects($"Unable to read {plain}/x: Failed to open file “{plain}/x”: Not a directory", $"secret,id=s0,file={plain}/x");
        T.Rejects("Unable to read : Failed to open file “”: No such file or directory", "secret,id=s0,file=");
        var missing = _dir.PathOf("missing/x");
        T.Rejects($"Unable to read {missing}: Failed to open file “{missing}”: No such file or directory", $"secret,id=s0,file={missing}");
    }

    [Fact]
    public void FileAndDataAreMutuallyExclusiveAndOneIsNeeded()
    {
        var file = _dir.File("pw", "x");
        var e = T.Rejects("'file' and 'data' are mutually exclusive", $"secret,id=s0,data=x,file={file}");
        Assert.Equal(ErrorCodes.SecretSource, e.Code);
        T.Rejects("'file' and 'data' are mutually exclusive", $"secret,id=s0,file={file},data=x");
        T.Rejects("Either 'file' or 'data' must be provided", "secret,id=s0");
        T.Rejects("Either 'file' or 'data' must be provided", "secret,id=s0,format=base64,keyid=nokey");
    }

    [Fact]
    public void FileNameMayContainCommas()
    {
        var file = _dir.File("a,b", "123456");
        using var registry = T.With($"secret,id=s0,file={ObjectLineWriter.Escape(file)}");
        Assert.Equal("123456", T.Utf8(registry, "s0"));
        Assert.Equal(file, registry.Get<Secret>("s0").File);
    }

    // ---- Base64 (util/base64.c over glib) ----

    [Theory]
    [InlineData("MTIzNDU2", "123456")]
    [InlineData("MTIz\nNDU2", "123456")]
    [InlineData("MTIzNDU2\n", "123456")]
    [InlineData("\nMTIzNDU2\n\n", "123456")]
    [InlineData("YQ==", "a")]
    [InlineData("YWI=", "ab")]
    [InlineData("YQ", "")] // glib drops an incomplete group
    [InlineData("A", "")]
    [InlineData("", "")]
    [InlineData("YQ=x", "a1")] // '=' is a zero digit that suppresses only the byte after it
    [InlineData("Y=Q=", "`\u0004")]
    [InlineData("AB=C", "\0\u0002")]
    [InlineData("====", "\0")]
    [InlineData("MTIzNDU2YQ", "123456")]
    public void Base64IsGlibsLenientDecoder(string data, string expected)
    {
        using var registry = T.Registry();
        registry.Create("secret", "s0", new("data", data), new("format", "base64"));
        Assert.Equal(Encoding.Latin1.GetBytes(expected), T.Bytes(registry, "s0"));
    }

    [Theory]
    [InlineData("MTIzNDU2\r\n")]
    [InlineData("MTIz NDU2")]
    [InlineData("MTIz\tNDU2")]
    [InlineData("-_-_")]
    [InlineData("MTIz_NDU2")]
    [InlineData("MTI$NDU2")]
    [InlineData("é")]
    [InlineData("MTIz.")]
    public void Base64RejectsCharactersOutsideItsAlphabet(string data)
    {
        using var registry = T.Registry();
        var e = Assert.Throws<SecretException>(() => registry.Create("secret", "s0", new("data", data), new("format", "base64")));
        Assert.Equal("Base64 data contains invalid characters", e.QemuMessage);
    }

    [Fact]
    public void Base64FileWithNulIsRefused()
    {
        var file = _dir.File("b64", "MTIz\0NDU2");
        T.Rejects("Base64 data contains embedded NUL characters", $"secret,id=s0,file={file},format=base64");
        var crlf = _dir.File("crlf", "MTIzNDU2\r\n");
        T.Rejects("Base64 data contains invalid characters", $"secret,id=s0,file={crlf},format=base64");
        var newline = _dir.File("nl", "MTIzNDU2\n");
        using var registry = T.With($"secret,id=s0,file={newline},format=base64");
        Assert.Equal("123456", T.Utf8(registry, "s0"));
    }

    [Fact]
    public void QBase64CheckAndDecodeAgree()
    {
        Assert.Null(QBase64.Check("MTIz\n"u8));
        Assert.Equal("Base64 data contains embedded NUL characters", QBase64.Check("a\0b"u8));
        Assert.Null(QBase64.Check("MTIz\0$$"u8, lengthGiven: false)); // strlen stops at the NUL
        using var decoded = QBase64.Decode("MTIz\0$$"u8, lengthGiven: false);
        Assert.Equal("123"u8.ToArray(), decoded.Span.ToArray());
    }

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
