using System.Text.Json.Nodes;

namespace Qcrypto.Cli.Tests;

/// <summary>
/// "--json output is one JSON document on stdout" holds for failures too: a verb that fails before printing
/// its own document prints {"ok": false, "exit_code", "error"}, with the same exit code and stderr as without --json.
/// </summary>
public sealed class JsonFailureTests
{
    [Fact]
    public void AnUnreadableInputGivesOneFailureDocument()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("tk.bin"), new byte[32]);
        File.SetUnixFileMode(dir.File("tk.bin"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var r = CliRunner.Run(dir.Path, "sev", "secret", "--tk-file", "tk.bin", "--measurement", Convert.ToBase64String(new byte[48]), "--in", "missing", "--json");
        Assert.Equal(2, r.ExitCode);
        var doc = JsonNode.Parse(r.Stdout)!;
        Assert.False((bool)doc["ok"]!);
        Assert.Equal(2, (int)doc["exit_code"]!);
        Assert.Contains("No such file or directory", (string)doc["error"]!["message"]!);
        Assert.Contains("No such file or directory", r.Stderr);
    }

    [Fact]
    public void AUsageErrorGivesOneFailureDocument()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run(dir.Path, "sev", "inject", "--platform", "p", "--handle", "1", "--packet-header", "AA==", "--json");
        Assert.Equal(2, r.ExitCode);
        var doc = JsonNode.Parse(r.Stdout)!;
        Assert.Equal("usage", (string)doc["error"]!["code"]!);
        Assert.Contains("'--secret' is required", (string)doc["error"]!["message"]!);
    }

    [Fact]
    public void WithoutJsonStdoutStaysEmpty()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run(dir.Path, "sev", "inject", "--platform", "p", "--handle", "1", "--packet-header", "AA==");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal("", r.Stdout);
    }
}
