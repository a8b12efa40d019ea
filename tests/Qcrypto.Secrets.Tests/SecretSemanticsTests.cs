using System.Security.Cryptography;
using System.Text;
using Qcrypto.Errors;
using Qcrypto.Objects;
using Qcrypto.SecretObjects;

namespace Qcrypto.Tests;

/// <summary>What a secret is: bytes from data, a file or a key, decoded and decrypted exactly as QEMU does.</summary>
public sealed partial class SecretSemanticsTests : IDisposable
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
}
