using System.Security.Cryptography;

namespace Qcrypto.Cli.Tests;

/// <summary>
/// Issue 9, item 13, for <c>secret encrypt</c>: a key file in a wrong form gets a hint in the terms of the
/// file (encrypt has no master line to add format=base64 to), and the trailing-newline warning is for
/// text plaintext only.
/// </summary>
public sealed class EncryptKeyFileTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private CliRunner.Result Encrypt(string keyFile, params string[] extra) =>
        CliRunner.Run(_dir.Path, null, ["secret", "encrypt", "--key-file", keyFile, "--key-id", "m", "--id", "s", .. extra]);

    [Fact]
    public void ACrlfKeyFileIsExplainedAsAFileProblem()
    {
        var key = _dir.Private("crlf.key", System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) + "\r\n"));
        var r = Encrypt(key, "--data", "x");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Key should be 32 bytes in length", r.Stderr);
        Assert.Contains("CRLF", r.Stderr);
        Assert.Contains("dos2unix", r.Stderr);
        Assert.DoesNotContain("format=base64", r.Stderr);
        Assert.DoesNotContain("master secret", r.Stderr);
    }

    [Fact]
    public void AHexKeyFileIsExplainedAsAFileProblem()
    {
        var key = _dir.Private("hex.key", System.Text.Encoding.ASCII.GetBytes(Convert.ToHexString(RandomNumberGenerator.GetBytes(32)) + "\n"));
        var r = Encrypt(key, "--data", "x");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("xxd -r -p", r.Stderr);
        Assert.DoesNotContain("format=base64", r.Stderr);
    }

    [Fact]
    public void BinaryPlaintextEndingIn0x0aIsNotWarnedAbout()
    {
        var key = _dir.File("master.key");
        Assert.Equal(0, CliRunner.Run(_dir.Path, "secret", "new-key", "--out", key).ExitCode);
        byte[] binary = [0x5b, 0xe1, 0x07, 0x9c, 0x00, 0xfa, 0x41, 0x0a];
        var plain = _dir.Private("binary", binary);
        var r = Encrypt(key, "--in", plain, "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.DoesNotContain("newline", r.Stderr);
        Assert.Contains("\"warnings\": []", r.Stdout);

        var text = Encrypt(key, "--data", "hunter2\n");
        Assert.Contains("ends with a newline", text.Stderr);
    }
}
