using Qcrypto.SecretObjects;

namespace Qcrypto.Tests;

/// <summary>
/// Issue 9, item 13: the trailing-newline warning is for text that got a newline by mistake (echo), not
/// for a random binary key whose last byte happens to be 0x0a (one key in 256).
/// </summary>
public sealed class TrailingNewlineTests : IDisposable
{
    // 32 random bytes (a raw AES-256 key) that end in 0x0a.
    private static readonly byte[] BinaryKey =
    [
        0x5b, 0xe1, 0x07, 0x9c, 0x33, 0xfa, 0x00, 0x41, 0x8e, 0xd2, 0x6a, 0x19, 0xc4, 0x77, 0xb0, 0x2f,
        0x93, 0x0e, 0x58, 0xe6, 0x1d, 0xa3, 0x4c, 0xf1, 0x86, 0x2b, 0xd9, 0x70, 0x15, 0xbe, 0x64, 0x0a,
    ];

    private readonly ScratchDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ABinaryKeyEndingIn0x0aGetsNoWarning()
    {
        var file = _dir.File("raw.key", BinaryKey);
        using var registry = T.With($"secret,id=k,format=raw,file={file}");
        Assert.Empty(registry.Get<Secret>("k").Warnings);
    }

    [Theory]
    [InlineData("hunter2\n")]
    [InlineData("hunter2\r\n")]
    [InlineData("pässwörd\n")]
    [InlineData("\n")]
    public void TextEndingInANewlineIsWarnedAbout(string text)
    {
        var file = _dir.File("pw", text);
        using var registry = T.With($"secret,id=s,file={file}");
        Assert.Equal("secret-trailing-newline", Assert.Single(registry.Get<Secret>("s").Warnings).Code);
    }

    [Fact]
    public void ACrlfBase64MasterKeyHintNamesTheCarriageReturn()
    {
        // QEMU's base64 decoder refuses \r: "add format=base64" alone would only lead to the next error.
        var file = _dir.File("crlf.key", T.MasterKeyBase64 + "\r\n");
        var e = T.Rejects("Key should be 32 bytes in length", $"secret,id=k,format=raw,file={file}", $"secret,id=s,keyid=k,iv={T.IvBase64},data={T.CiphertextBase64},format=base64");
        Assert.Contains("CRLF", e.Hint);
        Assert.Contains("dos2unix", e.Hint);
    }

    [Theory]
    [InlineData(new byte[] { 0x68, 0x69, 0x0a }, true)]
    [InlineData(new byte[] { 0x68, 0x09, 0x69, 0x0d, 0x0a }, true)]
    [InlineData(new byte[] { 0x68, 0x69 }, false)]
    [InlineData(new byte[] { 0x68, 0x00, 0x0a }, false)]
    [InlineData(new byte[] { 0x68, 0x1b, 0x0a }, false)]
    [InlineData(new byte[] { 0x68, 0xe9, 0x0a }, false)]
    [InlineData(new byte[] { 0x68, 0x7f, 0x0a }, false)]
    public void TextIsValidUtf8WithoutControlBytes(byte[] data, bool warned) => Assert.Equal(warned, SecretText.EndsWithTextNewline(data));
}
