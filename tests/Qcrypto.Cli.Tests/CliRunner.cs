using System.Diagnostics;
using Qcrypto.TestSupport;

namespace Qcrypto.Cli.Tests;

/// <summary>Runs the real qcrypto CLI (the build next to this test assembly) as a separate process.</summary>
public static class CliRunner
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr, byte[] StdoutBytes);

    public static Result Run(string workingDirectory, params string[] args) => Run(workingDirectory, null, args);

    public static Result Run(string workingDirectory, byte[]? stdin, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "qcrypto.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(info)!;
        if (stdin is not null)
        {
            p.StandardInput.BaseStream.Write(stdin);
        }

        p.StandardInput.Close();
        var err = p.StandardError.ReadToEndAsync();
        using var ms = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(ms);
        p.WaitForExit();
        var bytes = ms.ToArray();
        var result = new Result(p.ExitCode, System.Text.Encoding.UTF8.GetString(bytes), err.Result, bytes);

        // Every output of the CLI in this suite: no .NET runtime text may reach a user.
        RuntimeTextGuard.AssertClean(args, result.Stdout, result.Stderr);
        return result;
    }
}
