using System.Globalization;

namespace Qcrypto.Bench.Wall;

/// <summary>
/// Median wall time of <c>qcrypto secret encrypt</c> (NativeAOT) against <c>openssl enc -aes-256-cbc
/// -a</c> doing the same work (AES-256-CBC + base64 to stdout) on the same inputs, runs interleaved
/// so that machine noise hits both alike.
/// </summary>
public static class WallCommand
{
    private static readonly (string Label, int Size)[] Sizes = [("64 B", 64), ("1 MiB", 1024 * 1024)];

    /// <summary>The target: qcrypto within 1.5x of openssl.</summary>
    private const double Goal = 1.5;

    public static async Task<int> RunAsync(string[] args)
    {
        WallOptions options;
        try
        {
            options = WallOptions.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            Console.Error.WriteLine($"wall: {e.Message}");
            return 2;
        }

        var qcrypto = options.Qcrypto ?? await QcryptoBinary.PublishAsync();
        using var inputs = new WallInputs(Sizes);
        var pairs = inputs.Files.Select(f => (
            Qcrypto: new TimedCommand("qcrypto", f.Label, qcrypto, ["secret", "encrypt", "--key-file", inputs.KeyFile, "--key-id", "m", "--id", "s", "--in", f.Path]),
            Openssl: new TimedCommand("openssl", f.Label, "openssl", ["enc", "-aes-256-cbc", "-K", inputs.KeyHex, "-iv", inputs.IvHex, "-a", "-in", f.Path]))).ToArray();

        Console.WriteLine($"qcrypto: {qcrypto}");
        Console.WriteLine($"{options.Runs} runs each after {options.Warmup} warm-up runs, interleaved; {Environment.ProcessorCount} CPUs");
        foreach (var (q, o) in pairs)
        {
            for (var i = 0; i < options.Warmup; i++)
            {
                await q.RunOnceAsync();
                await o.RunOnceAsync();
            }

            for (var i = 0; i < options.Runs; i++)
            {
                // Alternate who goes first so neither always follows the other's cache effects.
                var order = i % 2 == 0 ? new[] { q, o } : [o, q];
                foreach (var command in order)
                {
                    command.Milliseconds.Add(await command.RunOnceAsync());
                }
            }
        }

        Print(pairs);
        return 0;
    }

    private static void Print(IReadOnlyList<(TimedCommand Qcrypto, TimedCommand Openssl)> pairs)
    {
        Console.WriteLine();
        Console.WriteLine("| input | tool    | median ms | min ms | p90 ms | runs |");
        Console.WriteLine("|-------|---------|-----------|--------|--------|------|");
        foreach (var (q, o) in pairs)
        {
            foreach (var c in new[] { q, o })
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {c.Input,-5} | {c.Tool,-7} | {Stats.Median(c.Milliseconds),9:F2} | {c.Milliseconds.Min(),6:F2} | {Stats.Quantile(c.Milliseconds, 0.9),6:F2} | {c.Milliseconds.Count,4} |"));
            }
        }

        Console.WriteLine();
        foreach (var (q, o) in pairs)
        {
            var ratio = Stats.Median(q.Milliseconds) / Stats.Median(o.Milliseconds);
            // On a shared machine the minimum is the run least disturbed by others: shown beside the median.
            var best = q.Milliseconds.Min() / o.Milliseconds.Min();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{q.Input}: qcrypto/openssl = {ratio:F2}x (median), {best:F2}x (min) - {(ratio <= Goal ? "within" : "OVER")} the {Goal}x goal"));
        }
    }
}
