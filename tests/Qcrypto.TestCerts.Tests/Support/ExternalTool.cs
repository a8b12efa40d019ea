using System.Diagnostics;
using Qcrypto.TestSupport;

namespace Qcrypto.TestCerts.Tests.Support;

/// <summary>The outcome of running a tool.</summary>
public sealed record ToolResult(string CommandLine, int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Fails the test, showing everything the tool said, unless it exited 0.</summary>
    public ToolResult ShouldSucceed()
    {
        Assert.True(ExitCode == 0, $"`{CommandLine}` exited {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        return this;
    }

    /// <summary>Fails the test unless the tool exited non-zero.</summary>
    public ToolResult ShouldFail()
    {
        Assert.True(ExitCode != 0, $"`{CommandLine}` was expected to fail but exited 0\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
        return this;
    }
}

/// <summary>
/// Runs the real command-line tools. A missing tool fails the test loudly, naming the Debian package that
/// provides it: these tests exist to compare with the real tools, so skipping them would prove nothing.
/// </summary>
public static class ExternalTool
{
    private static readonly Dictionary<string, string> s_packages = new()
    {
        ["certtool"] = "gnutls-bin",
        ["gnutls-serv"] = "gnutls-bin",
        ["gnutls-cli"] = "gnutls-bin",
        ["openssl"] = "openssl",
        ["qemu-img"] = "qemu-utils",
        ["qemu-nbd"] = "qemu-utils",
    };

    /// <summary>Only a guard against a hung tool, never an assertion about speed.</summary>
    private static readonly TimeSpan s_hangGuard = TimeSpan.FromMinutes(2);

    /// <summary>The full path of <paramref name="tool"/>, or a failure saying which package to install.</summary>
    public static string Require(string tool)
    {
        var package = s_packages.GetValueOrDefault(tool, "?");
        return Tool.Find(tool) ?? throw new InvalidOperationException(
            $"'{tool}' is not installed, and this test needs the real tool: apt-get install {package} (Debian package '{package}')");
    }

    /// <summary>Runs <paramref name="tool"/> to completion with stdin closed (or fed <paramref name="stdin"/>).</summary>
    public static ToolResult Run(string tool, IEnumerable<string> args, string? stdin = null, IDictionary<string, string>? environment = null)
    {
        using var process = Start(tool, args, environment);
        process.StandardInput.Write(stdin ?? "");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(s_hangGuard))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{CommandLine(tool, args)}` hung for {s_hangGuard}");
        }

        return new ToolResult(CommandLine(tool, args), process.ExitCode, stdout.Result, stderr.Result);
    }

    /// <inheritdoc cref="Run(string, IEnumerable{string}, string?, IDictionary{string, string}?)"/>
    public static ToolResult Run(string tool, params string[] args) => Run(tool, (IEnumerable<string>)args);

    /// <summary>Starts a long-running tool (a server); the caller owns and must kill the process.</summary>
    public static Process Start(string tool, IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(Require(tool))
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        // Tools' messages are compared verbatim: keep them in English.
        info.Environment["LC_ALL"] = "C";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {tool}");
    }

    private static string CommandLine(string tool, IEnumerable<string> args) =>
        string.Join(' ', new[] { tool }.Concat(args.Select(a => a.Contains(' ') ? $"'{a}'" : a)));
}
