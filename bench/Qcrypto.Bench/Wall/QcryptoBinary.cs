using System.Diagnostics;

namespace Qcrypto.Bench.Wall;

/// <summary>Finds or builds the NativeAOT qcrypto executable the wall comparison runs.</summary>
public static class QcryptoBinary
{
    /// <summary>
    /// Publishes src/Cli with NativeAOT into artifacts/bench/qcrypto-aot (ignored by git): the JIT
    /// build would measure runtime start-up and JIT, not what users run.
    /// </summary>
    public static async Task<string> PublishAsync()
    {
        var root = RepositoryRoot();
        var output = Path.Combine(root, "artifacts", "bench", "qcrypto-aot");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { "publish", Path.Combine(root, "src", "Cli"), "-c", "Release", "-r", "linux-x64", "-o", output, "--nologo", "-v", "quiet" },
            UseShellExecute = false,
        };
        Console.WriteLine($"publishing NativeAOT qcrypto to {output} ...");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start dotnet publish");
        await process.WaitForExitAsync();
        var binary = Path.Combine(output, "qcrypto");
        if (process.ExitCode != 0 || !File.Exists(binary))
        {
            throw new InvalidOperationException($"dotnet publish failed (exit {process.ExitCode}); pass --qcrypto PATH to use an existing build");
        }

        return binary;
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Crypto.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Crypto.sln not found above the benchmark; pass --qcrypto PATH");
    }
}
