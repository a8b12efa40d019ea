using System.Diagnostics;

namespace Qcrypto.TestSupport;

/// <summary>
/// Runs a program with arguments as exact bytes. Linux argv is bytes, but .NET's Process encodes its
/// string arguments as UTF-8 (an escaped byte would arrive as U+FFFD), so the bytes travel as hex to
/// python3, which execs the program with them.
/// </summary>
public static class RawArgv
{
    public sealed record Result(int ExitCode, byte[] Stdout, byte[] StderrBytes)
    {
        public string StdoutText => System.Text.Encoding.UTF8.GetString(Stdout);

        public string Stderr => System.Text.Encoding.UTF8.GetString(StderrBytes);
    }

    private const string Exec = "import os,sys; a=[bytes.fromhex(x) for x in sys.argv[1:]]; os.execvp(a[0], a)";

    /// <summary>Latin-1 text as bytes: each char one byte (so "\xe9" is the single byte 0xE9).</summary>
    public static byte[] Latin1(string text) => System.Text.Encoding.Latin1.GetBytes(text);

    /// <summary>Ordinary text (UTF-8) as bytes.</summary>
    public static byte[] Text(string text) => System.Text.Encoding.UTF8.GetBytes(text);

    /// <summary>The pieces joined: text and raw bytes in one argument.</summary>
    public static byte[] Join(params byte[][] parts) => [.. parts.SelectMany(p => p)];

    /// <summary>The qcrypto CLI built next to the test assembly through the dotnet host, or the executable QCRYPTO_CLI names (a NativeAOT publish).</summary>
    public static Result RunCli(string workingDirectory, params byte[][] args) => RunCliWithStdin(workingDirectory, null, args);

    /// <summary>The CLI with <paramref name="stdin"/>; its output is checked for runtime text like every CLI run.</summary>
    public static Result RunCliWithStdin(string workingDirectory, byte[]? stdin, params byte[][] args)
    {
        var native = Environment.GetEnvironmentVariable("QCRYPTO_CLI");
        byte[][] cli = string.IsNullOrEmpty(native) ? [Text("dotnet"), Text(Path.Combine(AppContext.BaseDirectory, "qcrypto.dll"))] : [Text(native)];
        var result = Run(workingDirectory, stdin, [.. cli, .. args]);
        RuntimeTextGuard.AssertClean(args.Select(a => System.Text.Encoding.UTF8.GetString(a)), result.StdoutText, result.Stderr);
        return result;
    }

    public static Result Run(string workingDirectory, byte[]? stdin, params byte[][] argv)
    {
        var info = new ProcessStartInfo("python3")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Exec);
        foreach (var a in argv)
        {
            info.ArgumentList.Add(Convert.ToHexString(a));
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["LC_ALL"] = "C";
        using var p = Process.Start(info)!;
        if (stdin is not null)
        {
            p.StandardInput.BaseStream.Write(stdin);
        }

        p.StandardInput.Close();
        using var error = new MemoryStream();
        var err = p.StandardError.BaseStream.CopyToAsync(error);
        using var output = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(output);
        p.WaitForExit();
        err.Wait();
        return new Result(p.ExitCode, output.ToArray(), error.ToArray());
    }

    /// <summary>Creates a file whose name is exact bytes (the test's own .NET file APIs cannot name it).</summary>
    public static void WriteFile(byte[] path, byte[] content, int mode = 0x180)
    {
        var r = Run(Path.GetTempPath(), content, Text("python3"), Text("-c"),
            Text($"import os,sys; p=bytes.fromhex('{Convert.ToHexString(path)}'); fd=os.open(p, os.O_WRONLY|os.O_CREAT|os.O_TRUNC, {mode}); os.write(fd, sys.stdin.buffer.read()); os.close(fd); os.chmod(p, {mode})"));
        Assert.True(r.ExitCode == 0, r.Stderr);
    }

    /// <summary>Whether a file with exactly these name bytes exists.</summary>
    public static bool Exists(byte[] path) =>
        Run(Path.GetTempPath(), null, Text("python3"), Text("-c"),
            Text($"import os,sys; sys.exit(0 if os.path.lexists(bytes.fromhex('{Convert.ToHexString(path)}')) else 1)")).ExitCode == 0;

    /// <summary>Removes a directory tree that holds names .NET cannot spell (it would fail on them).</summary>
    public static void DeleteTree(string path)
    {
        var r = Run(Path.GetTempPath(), null, Text("rm"), Text("-rf"), Text("--"), Text(path));
        Assert.True(r.ExitCode == 0, r.Stderr);
    }

    /// <summary>mkdir of a directory whose name is exact bytes.</summary>
    public static void MakeDirectory(byte[] path)
    {
        var r = Run(Path.GetTempPath(), null, Text("python3"), Text("-c"), Text($"import os; os.mkdir(bytes.fromhex('{Convert.ToHexString(path)}'))"));
        Assert.True(r.ExitCode == 0, r.Stderr);
    }
}
