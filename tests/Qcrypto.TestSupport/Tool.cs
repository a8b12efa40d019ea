using System.Diagnostics;

namespace Qcrypto.TestSupport;

/// <summary>
/// A real program the tests start. A missing one fails the test with the Debian package to install: a
/// skipped interop test would let a broken setup pass as green.
/// </summary>
public static class Tool
{
    /// <summary>The finished run of a tool: exit code, stdout and stderr as text.</summary>
    public sealed record Result(int ExitCode, string Stdout, string Stderr);

    /// <summary>The absolute path of <paramref name="name"/> on PATH; fails the test, naming the package, when there is none.</summary>
    public static string Require(string name, string debianPackage)
    {
        var path = Find(name);
        if (path is null)
        {
            Assert.Fail($"{name} is not installed: install the Debian package {debianPackage} (apt-get install {debianPackage}; ./test.sh does, as root)");
        }

        return path;
    }

    /// <summary>The absolute path of the executable <paramref name="name"/> on PATH, or null.</summary>
    public static string? Find(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate) && (File.GetUnixFileMode(candidate) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0)
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Runs a tool to completion with text on stdin; <paramref name="environment"/> is set (a null value removes a variable).</summary>
    public static Result Run(string file, IEnumerable<string> args, string? stdin = null, string? workingDirectory = null, int timeoutSeconds = 60,
        IReadOnlyDictionary<string, string?>? environment = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }

        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(name);
            }
            else
            {
                info.Environment[name] = value;
            }
        }

        using var p = Process.Start(info)!;
        if (stdin is not null)
        {
            p.StandardInput.Write(stdin);
        }

        p.StandardInput.Close();
        var err = p.StandardError.ReadToEndAsync();
        var outp = p.StandardOutput.ReadToEndAsync();

        // A hang guard so that every test ends by itself; not a performance assertion.
        if (!p.WaitForExit(timeoutSeconds * 1000))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{file} {string.Join(' ', args)} did not finish within {timeoutSeconds} s");
        }

        return new Result(p.ExitCode, outp.Result, err.Result);
    }

    /// <summary>Runs a tool with binary stdin; fails the test on a non-zero exit unless <paramref name="allowFailure"/>.</summary>
    public static (int ExitCode, byte[] Stdout, string Stderr) RunBytes(string file, IEnumerable<string> args, byte[]? stdin = null, bool allowFailure = false)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["LC_ALL"] = "C";
        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync();
        var output = new MemoryStream();
        var copy = p.StandardOutput.BaseStream.CopyToAsync(output);
        try
        {
            if (stdin is not null)
            {
                p.StandardInput.BaseStream.Write(stdin);
            }

            p.StandardInput.Close();
        }
        catch (IOException)
        {
            // The tool exited without reading all its input: its exit code says why.
        }

        // A hang guard so that every test ends by itself; not a performance assertion.
        if (!p.WaitForExit(300_000))
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail($"{file} did not finish within 5 minutes");
        }

        copy.Wait();
        var result = (p.ExitCode, output.ToArray(), err.Result);
        if (!allowFailure && p.ExitCode != 0)
        {
            Assert.Fail($"{Path.GetFileName(file)} {string.Join(' ', args)} failed ({p.ExitCode}): {result.Item3}");
        }

        return result;
    }

    /// <summary>
    /// Runs <paramref name="program"/> (found on PATH) to completion with binary stdin and returns its stdout; a missing
    /// program or a non-zero exit throws (with <paramref name="missing"/>, or its stderr): for set-up steps, not assertions.
    /// </summary>
    public static string RunForOutput(string program, IReadOnlyList<string> args, byte[]? stdin, string missing)
    {
        var path = Find(program) ?? throw new InvalidOperationException(missing);
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        if (stdin is not null)
        {
            process.StandardInput.BaseStream.Write(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(" ", args)} failed ({process.ExitCode}): {stderr}");
        }

        return stdout.Result;
    }
}
