using System.Globalization;

namespace Qcrypto.Bench.Wall;

/// <summary>
/// What the repository's <c>./qcrypto</c> wrapper costs per call when nothing changed: <c>./qcrypto
/// --version</c> against the NativeAOT binary it runs (<c>.qcrypto-build/current/aot/qcrypto
/// --version</c>), runs interleaved; the difference of the medians is the wrapper's overhead.
/// <c>--wrapper PATH</c> times another wrapper script in the checkout (an older one, for a before figure).
/// </summary>
public static class WrapperCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = 200;
        var root = QcryptoBinary.RepositoryRoot();
        var wrapper = Path.Combine(root, "qcrypto");
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--runs":
                    runs = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--wrapper":
                    wrapper = Path.GetFullPath(args[i + 1]);
                    break;
                default:
                    Console.Error.WriteLine("usage: wrapper [--runs N] [--wrapper PATH]");
                    return 2;
            }
        }

        // One call first: it builds when anything changed, so that every timed call takes the fast path.
        Console.WriteLine($"{wrapper} --version (building if needed) ...");
        await new TimedCommand("wrapper", "--version", wrapper, ["--version"]).RunOnceAsync();
        var binary = Path.Combine(root, ".qcrypto-build", "current", "aot", "qcrypto");
        if (!File.Exists(binary))
        {
            Console.Error.WriteLine($"wrapper: no NativeAOT build at {binary} (is clang installed?)");
            return 2;
        }

        var timed = new[]
        {
            new TimedCommand(Path.GetFileName(wrapper), "--version", wrapper, ["--version"]),
            new TimedCommand("binary", "--version", binary, ["--version"]),
        };
        var differences = new List<double>();
        for (var i = 0; i < runs + 5; i++)
        {
            // Alternate who goes first so neither always follows the other's cache effects.
            var a = await timed[i % 2].RunOnceAsync();
            var b = await timed[1 - (i % 2)].RunOnceAsync();
            if (i >= 5)
            {
                timed[i % 2].Milliseconds.Add(a);
                timed[1 - (i % 2)].Milliseconds.Add(b);
                differences.Add(i % 2 == 0 ? a - b : b - a);
            }
        }

        Console.WriteLine();
        Console.WriteLine($"{runs} calls each, interleaved; {Environment.ProcessorCount} CPUs");
        foreach (var c in timed)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{c.Tool,-12} median {Stats.Median(c.Milliseconds),6:F2} ms  min {c.Milliseconds.Min(),6:F2} ms  p90 {Stats.Quantile(c.Milliseconds, 0.9),6:F2} ms"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"wrapper overhead: {Stats.Median(timed[0].Milliseconds) - Stats.Median(timed[1].Milliseconds):F2} ms (difference of medians), {Stats.Median(differences):F2} ms (median of paired differences)"));
        return 0;
    }
}
