using System.Diagnostics;
using Qcrypto.TestSupport;

namespace Qcrypto.Cli.Tests.ReaderGone;

/// <summary>
/// Runs the real CLI with its stdout or stderr a pipe whose reader stops: through a shell pipeline into `head`, with
/// the test itself closing the read end after a few bytes, or (python3 wiring the descriptors) with the reader gone
/// before qcrypto starts, stderr closed or stderr full.
/// </summary>
public static class PipeRun
{
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    private static string Dll => Path.Combine(AppContext.BaseDirectory, "qcrypto.dll");

    /// <summary>`bash -o pipefail -c 'qcrypto ARGS | head -c 5'`: the pipeline's status (qcrypto's, head's is 0), head's output, qcrypto's stderr.</summary>
    public static Result ThroughHead(string dir, string[] args, string reader = "head -c 5") =>
        Finish(Start("bash", dir, ["-o", "pipefail", "-c", $"dotnet {Quote(Dll)} {string.Join(' ', args.Select(Quote))} | {reader}"]), args);

    /// <summary>The test reads <paramref name="bytes"/> bytes of stdout, then closes its end of the pipe.</summary>
    public static Result ClosedAfter(string dir, string[] args, int bytes)
    {
        using var p = Start("dotnet", dir, [Dll, .. args]);
        var stderr = p.StandardError.ReadToEndAsync();
        var head = new byte[bytes];
        p.StandardOutput.BaseStream.ReadExactly(head);
        p.StandardOutput.BaseStream.Dispose();
        return Wait(p, args, System.Text.Encoding.UTF8.GetString(head), stderr);
    }

    /// <summary>
    /// python3 runs qcrypto with <paramref name="how"/>: "stdout-gone" or "stderr-gone" (a pipe whose read end is
    /// already closed), "stderr-closed" (no descriptor 2), "stdout-full" or "stderr-full" (/dev/full). The exit code is exactly what
    /// qcrypto exited with; a death by signal fails the test (SIGPIPE must stay ignored: 141 is an exit, not a kill).
    /// </summary>
    public static Result Wired(string dir, string how, string[] args)
    {
        const string script = """
            import os, subprocess, sys
            how = sys.argv[1]
            kw = {}
            if how.endswith("-gone"):
                r, w = os.pipe()
                os.close(r)
                kw["stdout" if how == "stdout-gone" else "stderr"] = w
            elif how == "stderr-closed":
                kw["preexec_fn"] = lambda: os.close(2)
            elif how.endswith("-full"):
                kw[how[:-5]] = open("/dev/full", "wb")
            sys.stdout.flush()
            rc = subprocess.run(sys.argv[2:], **kw).returncode
            print(f"\nrc={rc}")
            """;
        var r = Finish(Start("python3", dir, ["-c", script, how, "dotnet", Dll, .. args]), args);
        var at = r.Stdout.LastIndexOf("\nrc=", StringComparison.Ordinal);
        Assert.True(at >= 0, $"no exit code from the python wrapper: {r.Stdout} {r.Stderr}");
        var code = int.Parse(r.Stdout[(at + 4)..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(code >= 0, $"qcrypto was killed by signal {-code}: {r.Stderr}");
        return new Result(code, r.Stdout[..at], r.Stderr);
    }

    /// <summary>No crash, no runtime text, no "Broken pipe": what every run here must satisfy, whatever its exit code.</summary>
    public static void AssertNoNoise(Result r)
    {
        Assert.DoesNotContain("Unhandled", r.Stderr);
        Assert.DoesNotContain("Broken pipe", r.Stderr);
        Assert.DoesNotContain("Broken pipe", r.Stdout);
        Assert.DoesNotContain("internal error", r.Stderr);
    }

    private static Process Start(string file, string dir, string[] args)
    {
        var info = new ProcessStartInfo(file) { WorkingDirectory = dir, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        var p = Process.Start(info)!;
        p.StandardInput.Close();
        return p;
    }

    private static Result Finish(Process p, string[] args)
    {
        using (p)
        {
            var stderr = p.StandardError.ReadToEndAsync();
            var stdout = p.StandardOutput.ReadToEndAsync();
            return Wait(p, args, null, stderr, stdout);
        }
    }

    private static Result Wait(Process p, string[] args, string? head, Task<string> stderr, Task<string>? stdout = null)
    {
        // A hang guard so that every test ends by itself; not a performance assertion.
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"qcrypto {string.Join(' ', args)} did not finish within 120 s");
        }

        p.WaitForExit();
        var r = new Result(p.ExitCode, head ?? stdout!.Result, stderr.Result);
        RuntimeTextGuard.AssertClean(args, r.Stdout, r.Stderr);
        AssertNoNoise(r);
        return r;
    }

    private static string Quote(string s) => "'" + s.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
