using System.Text;

namespace Qcrypto.Interop.Tests.Tools;

/// <summary>What a finished process left behind: its exit code, stdout as bytes, stderr as text.</summary>
public sealed record ToolResult(string CommandLine, int ExitCode, byte[] Stdout, string Stderr)
{
    public string StdoutText => Encoding.UTF8.GetString(Stdout);

    /// <summary>A summary for assertion messages; stdout is cut short because it may be megabytes.</summary>
    public string Describe()
    {
        var stdout = StdoutText;
        if (stdout.Length > 400)
        {
            stdout = stdout[..400] + $"... ({Stdout.Length} bytes)";
        }

        return $"`{CommandLine}` exited {ExitCode}\nstdout: {stdout}\nstderr: {Stderr}";
    }

    /// <summary>Fails the test unless the process exited 0; <paramref name="context"/> says what was being tested.</summary>
    public ToolResult EnsureSuccess(string? context = null)
    {
        Assert.True(ExitCode == 0, context is null ? Describe() : $"{context}\n{Describe()}");
        return this;
    }
}
