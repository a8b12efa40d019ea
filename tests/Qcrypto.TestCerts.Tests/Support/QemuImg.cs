namespace Qcrypto.TestCerts.Tests.Support;

/// <summary>
/// QEMU 7.2 itself, through `qemu-img info --object tls-creds-x509,... null-co://`: qemu-img creates the objects
/// before doing anything else, so its exit status and message are exactly QEMU's verdict on the directory.
/// </summary>
public static class QemuImg
{
    public static ToolResult CreateX509Creds(string dir, Endpoint endpoint, string? password = null, string extra = "")
    {
        var args = new List<string> { "info" };
        var passwordId = "";
        if (password is not null)
        {
            args.AddRange(["--object", $"secret,id=keypw,data={password}"]);
            passwordId = ",passwordid=keypw";
        }

        args.AddRange(["--object", $"tls-creds-x509,id=tls0,dir={dir},endpoint={endpoint.ToQemuName()}{passwordId}{extra}", "null-co://"]);
        return ExternalTool.Run("qemu-img", args);
    }

    /// <summary>Asserts qemu-img did what <paramref name="verdict"/> says, to the letter of the message.</summary>
    public static void ShouldMatch(ToolResult result, Verdict verdict, string dir, string what)
    {
        if (verdict.Passes)
        {
            Assert.True(result.ExitCode == 0, $"{what}: QEMU refused it: {result.Stderr}");
            return;
        }

        Assert.True(result.ExitCode != 0, $"{what}: QEMU accepted it, expected {verdict}");
        if (verdict.MessageFor(dir) is { } message)
        {
            Assert.Equal("qemu-img: " + message, result.Stderr.TrimEnd('\n'));
        }
    }
}
