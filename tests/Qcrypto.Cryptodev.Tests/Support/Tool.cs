using System.Diagnostics;

namespace Qcrypto.Cryptodev.Tests.Support;

/// <summary>
/// A real program the tests compare against. A missing one fails the test with the Debian package
/// to install: a skipped known-answer test would let a broken setup pass as green.
/// </summary>
public static class Tool
{
    public static string Require(string name, string debianPackage)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var path = Path.Combine(dir, name);
            if (File.Exists(path))
            {
                return path;
            }
        }

        Assert.Fail($"{name} is not installed: install the Debian package {debianPackage} (apt-get install {debianPackage}; ./test.sh does, as root)");
        return name;
    }

    /// <summary>Runs a tool with binary stdin; fails the test on a non-zero exit unless <paramref name="allowFailure"/>.</summary>
    public static (int ExitCode, byte[] Stdout, string Stderr) Run(string file, IEnumerable<string> args, byte[]? stdin = null, bool allowFailure = false)
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
}
