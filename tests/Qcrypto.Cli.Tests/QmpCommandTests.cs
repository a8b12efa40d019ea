using System.Diagnostics;
using System.Text;
using Qcrypto.TestSupport;

namespace Qcrypto.Cli.Tests;

/// <summary>
/// <c>qcrypto qmp</c> as a process: exit codes (0 at quit or end of input, 1 when an --object fails,
/// 2 when stdin or stdout fails), objects given on the command line, no stack trace. The replies
/// themselves are proven against QEMU 7.2 by Interop's QmpTranscriptTests.
/// </summary>
public sealed class QmpCommandTests
{
    private const string Negotiate = "{\"execute\":\"qmp_capabilities\"}\n";

    [Fact]
    public void Ends_with_0_at_the_end_of_the_input_and_at_quit()
    {
        var eof = CliRunner.Run(Path.GetTempPath(), Encoding.UTF8.GetBytes(Negotiate), "qmp");
        Assert.Equal(0, eof.ExitCode);
        Assert.Equal(2, eof.Stdout.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Length);

        var quit = CliRunner.Run(Path.GetTempPath(), Encoding.UTF8.GetBytes(Negotiate + "{\"execute\":\"quit\"}\n{\"execute\":\"quit\"}\n"), "qmp");
        Assert.Equal(0, quit.ExitCode);
        Assert.EndsWith("\"reason\": \"host-qmp-quit\"}}\r\n{\"return\": {}}\r\n", quit.Stdout, StringComparison.Ordinal);
        Assert.Equal("", quit.Stderr);
    }

    [Fact]
    public void Objects_given_on_the_command_line_exist_before_the_greeting()
    {
        using var dir = new TempDir();
        var key = dir.Private("k", [.. Enumerable.Range(0, 32).Select(i => (byte)i)]);
        var r = CliRunner.Run(dir.Path, Encoding.UTF8.GetBytes(Negotiate + "{\"execute\":\"qom-get\",\"arguments\":{\"path\":\"/objects/k0\",\"property\":\"file\"}}\n"),
            "qmp", "-object", $"{{\"qom-type\":\"secret\",\"id\":\"k0\",\"file\":\"{key}\",\"format\":\"raw\"}}");
        Assert.Equal(0, r.ExitCode);
        Assert.EndsWith($"{{\"return\": \"{key}\"}}\r\n", r.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failing_object_ends_with_1_before_the_greeting()
    {
        var r = CliRunner.Run(Path.GetTempPath(), Encoding.UTF8.GetBytes(Negotiate), "qmp", "--object", "secret,id=s0");
        Assert.Equal(1, r.ExitCode);
        Assert.Equal("", r.Stdout);
        Assert.Contains("Either 'file' or 'data' must be provided", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("> /dev/full", "No space left on device")]
    [InlineData("< /", "Is a directory")]
    public void An_unusable_stdin_or_stdout_ends_with_2(string redirection, string message)
    {
        var info = new ProcessStartInfo("sh") { RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add($"printf '{{\"execute\":\"qmp_capabilities\"}}\\n' | exec dotnet \"$0\" qmp {redirection}");
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "qcrypto.dll"));
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(info)!;
        var stderr = p.StandardError.ReadToEnd();
        p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(2, p.ExitCode);
        Assert.Equal($"qcrypto: error: {message}\n", stderr);
    }
}
