using Qcrypto.Tls.Tests.Tools;

namespace Qcrypto.Native.Tests.Fixtures;

/// <summary>A C program from c/, compiled once with gcc against the published library through pkg-config.</summary>
public static class CProgram
{
    private static readonly Dictionary<string, Lazy<string>> Built = new(StringComparer.Ordinal);

    public static string SourceDirectory => Path.Combine(AppContext.BaseDirectory, "c");

    /// <summary>The executable built from c/<paramref name="name"/>.c (with c/test.h).</summary>
    public static string Build(string name, params string[] extraFlags)
    {
        Lazy<string> lazy;
        lock (Built)
        {
            if (!Built.TryGetValue(name, out lazy!))
            {
                lazy = new Lazy<string>(() => Compile(name, extraFlags), LazyThreadSafetyMode.ExecutionAndPublication);
                Built[name] = lazy;
            }
        }

        return lazy.Value;
    }

    /// <summary>Runs a built program; the library's directory is found through the rpath pkg-config gave.</summary>
    public static Tool.Result Run(string name, IEnumerable<string> args, int timeoutSeconds = 120, string? stdin = null) =>
        Tool.Run(Build(name), args, stdin, timeoutSeconds: timeoutSeconds);

    private static string Compile(string name, string[] extraFlags)
    {
        var lib = NativeLibrary.Directory;
        var flags = PkgConfig(lib);
        var output = Path.Combine(Path.GetTempPath(), $"qcrypto-c-{name}-{Environment.ProcessId}");
        var args = new List<string> { "-std=c11", "-D_GNU_SOURCE", "-O2", "-Wall", "-Wextra", "-Werror", "-pthread", "-o", output, Path.Combine(SourceDirectory, name + ".c") };
        args.AddRange(flags.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        args.AddRange(extraFlags);
        var r = Tool.Run(Tool.Require("gcc", "gcc"), args);
        Assert.True(r.ExitCode == 0, $"gcc {name}.c failed:\n{r.Stderr}");
        return output;
    }

    private static string PkgConfig(string lib)
    {
        var info = new System.Diagnostics.ProcessStartInfo(Tool.Require("pkg-config", "pkg-config"), ["--cflags", "--libs", "qcrypto"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["PKG_CONFIG_PATH"] = lib;
        using var p = System.Diagnostics.Process.Start(info)!;
        var output = p.StandardOutput.ReadToEnd();
        var error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"pkg-config qcrypto failed: {error}");
        Assert.Contains(lib, output, StringComparison.Ordinal);
        return output.Trim();
    }
}
