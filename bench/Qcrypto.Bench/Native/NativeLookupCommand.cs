using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Qcrypto.Bench.Interop;
using Qcrypto.Bench.Wall;
using Qcrypto.Composition;

namespace Qcrypto.Bench.Native;

/// <summary>
/// <c>native-lookup</c> mode: the cost of the C boundary. <c>qcrypto_secret_lookup</c> of the end of a 3-deep
/// secret chain from C (tests/Qcrypto.Native.Tests/c/bench.c against libqcrypto.so: handle table, lock, copy into
/// malloc'd memory, qcrypto_free) against the same lookup from C# in this process (lease, copy into a new array).
/// Both in thread CPU time (the machine is shared), median of 5 runs each, in interleaved rounds. Goal: within 2x.
/// </summary>
public static class NativeLookupCommand
{
    private const double Goal = 2.0;

    public static int Run(string[] args)
    {
        var iterations = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 200_000;
        var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var root = QcryptoBinary.RepositoryRoot();
        var lib = Path.Combine(root, "artifacts", "native");
        if (!File.Exists(Path.Combine(lib, "libqcrypto.so")))
        {
            Console.WriteLine($"publishing libqcrypto.so to {lib} ...");
            Check(Execute("dotnet", ["publish", Path.Combine(root, "src", "Native"), "-c", "Release", "-r", "linux-x64", "-o", lib, "--nologo", "-v", "quiet"]), "dotnet publish src/Native");
        }

        var work = Directory.CreateTempSubdirectory("qcrypto-bench-native-").FullName;
        try
        {
            var program = Path.Combine(work, "bench");
            var flags = Check(Execute("pkg-config", ["--cflags", "--libs", "qcrypto"], ("PKG_CONFIG_PATH", lib)), "pkg-config qcrypto");
            var source = Path.Combine(root, "tests", "Qcrypto.Native.Tests", "c", "bench.c");
            Check(Execute("gcc", ["-std=c11", "-D_GNU_SOURCE", "-O2", "-Wall", "-Wextra", "-Werror", "-pthread", "-o", program, source,
                .. flags.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]), "gcc bench.c");
            var lines = SecretChain();
            Console.WriteLine($"libqcrypto.so: {lib}; {iterations:N0} lookups per run, median of 5 runs, {rounds} rounds");
            for (var round = 1; round <= rounds; round++)
            {
                var output = Check(Execute(program, [iterations.ToString(CultureInfo.InvariantCulture), .. lines]), "bench");
                var c = double.Parse(output.Split('\n').First(l => l.StartsWith("c ns/lookup ", StringComparison.Ordinal))[12..], CultureInfo.InvariantCulture);
                var managed = ManagedLookupNs(lines, iterations);
                var ratio = c / managed;
                Console.WriteLine($"round {round}: C {c,6:F0} ns/lookup   C# {managed,6:F0} ns/lookup   {ratio:F2}x (goal <= {Goal:F1}x){(ratio <= Goal ? "" : "  ABOVE GOAL")}");
            }

            return 0;
        }
        catch (InvalidOperationException e)
        {
            Console.Error.WriteLine($"native-lookup: {e.Message}");
            return 2;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>k0 a random master key, k1..k3 each encrypted with the one before; k3 holds a short text.</summary>
    private static string[] SecretChain()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var lines = new List<string> { $"secret,id=k0,data={Convert.ToBase64String(key)},format=base64" };
        for (var i = 1; i <= 3; i++)
        {
            var data = i == 3 ? Encoding.UTF8.GetBytes("bench: the chained secret") : RandomNumberGenerator.GetBytes(32);
            var iv = RandomNumberGenerator.GetBytes(16);
            using var aes = Aes.Create();
            aes.Key = key;
            lines.Add($"secret,id=k{i},data={Convert.ToBase64String(aes.EncryptCbc(data, iv))},keyid=k{i - 1},iv={Convert.ToBase64String(iv)},format=base64");
            key = data;
        }

        return [.. lines];
    }

    private static double ManagedLookupNs(string[] lines, int iterations)
    {
        using var registry = QcryptoCatalog.CreateRegistry();
        foreach (var line in lines)
        {
            registry.Add(line);
        }

        var runs = new double[5];
        for (var run = -1; run < runs.Length; run++)
        {
            var start = ThreadCpuClock.NowNs();
            for (var i = 0; i < iterations; i++)
            {
                using var lease = registry.Secrets.Bytes("k3");
                _ = lease.Bytes.ToArray();
            }

            if (run >= 0)
            {
                runs[run] = (ThreadCpuClock.NowNs() - start) / iterations;
            }
        }

        Array.Sort(runs);
        return runs[runs.Length / 2];
    }

    private static (int ExitCode, string Stdout, string Stderr) Execute(string file, IEnumerable<string> args, (string Name, string Value)? environment = null)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        if (environment is { } e)
        {
            info.Environment[e.Name] = e.Value;
        }

        using var p = Process.Start(info) ?? throw new InvalidOperationException($"could not start {file}");
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        return (p.ExitCode, stdout, stderr.Result);
    }

    private static string Check((int ExitCode, string Stdout, string Stderr) r, string what) =>
        r.ExitCode == 0 ? r.Stdout.Trim() : throw new InvalidOperationException($"{what} failed (exit {r.ExitCode}): {r.Stderr.Trim()}");
}
