using System.Globalization;

namespace Qcrypto.Bench.Wall;

/// <summary>
/// Median wall time of <c>qcrypto secret encrypt</c> (NativeAOT) against <c>openssl enc -aes-256-cbc
/// -K -iv -base64 -A</c> doing the same work (AES-256-CBC + one line of base64 to stdout) on the same
/// inputs, and of <c>secret decrypt</c> of the result (a file= secret, through the object model)
/// against <c>openssl enc -d</c>; runs interleaved so that machine noise hits both alike.
/// </summary>
public static class WallCommand
{
    private static readonly (string Label, int Size)[] Sizes = [("64 B", 64), ("64 KiB", 64 * 1024), ("1 MiB", 1024 * 1024)];

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
        var encrypt = inputs.Files.Select(f => (
            Qcrypto: new TimedCommand("qcrypto", $"encrypt {f.Label}", qcrypto, ["secret", "encrypt", "--key-file", inputs.KeyFile, "--key-id", "m", "--id", "s", "--in", f.Path]),
            Openssl: new TimedCommand("openssl", $"encrypt {f.Label}", "openssl", ["enc", "-aes-256-cbc", "-K", inputs.KeyHex, "-iv", inputs.IvHex, "-base64", "-A", "-in", f.Path])));
        // The decrypt side reads what encrypt --out writes: one base64 line and a newline, as openssl -A reads it.
        var decrypt = inputs.Files.Select(f =>
        {
            var (ciphertext, ivHex, ivBase64) = inputs.Encrypt(f);
            return (
                Qcrypto: new TimedCommand("qcrypto", $"decrypt {f.Label}", qcrypto, ["secret", "decrypt", "--object", $"secret,id=m,format=base64,file={inputs.KeyFile}",
                    "--object", $"secret,id=s,file={ciphertext},keyid=m,iv={ivBase64},format=base64", "--id", "s"]),
                Openssl: new TimedCommand("openssl", $"decrypt {f.Label}", "openssl", ["enc", "-d", "-aes-256-cbc", "-K", inputs.KeyHex, "-iv", ivHex, "-base64", "-A", "-in", ciphertext]));
        });
        var pairs = encrypt.Concat(decrypt).ToArray();

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
        Console.WriteLine("| run            | tool    | median ms | min ms | p90 ms | runs |");
        Console.WriteLine("|----------------|---------|-----------|--------|--------|------|");
        foreach (var (q, o) in pairs)
        {
            foreach (var c in new[] { q, o })
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {c.Input,-14} | {c.Tool,-7} | {Stats.Median(c.Milliseconds),9:F2} | {c.Milliseconds.Min(),6:F2} | {Stats.Quantile(c.Milliseconds, 0.9),6:F2} | {c.Milliseconds.Count,4} |"));
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
