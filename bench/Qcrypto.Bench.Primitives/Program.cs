using System.Diagnostics;
using System.Globalization;
using Qcrypto.Bench.Primitives;

// Each hand-written AES mode against a libcrypto EVP context kept per key (what a virtio-crypto
// session holds), at small and large sizes, on one thread. Two ways to run:
//   [--modes LIST] [--sizes LIST] [--rounds N] [--ms N]
//       rounds of interleaved timings (ours, then libcrypto's, case after case); per case the median
//       MB/s per second of process CPU user time (openssl speed's divisor) and the median and range of
//       the per-round ratio ours / libcrypto.
//   --count N --mode M --size S --impl ours|evp
//       exactly N messages and exit: run twice under `valgrind --tool=callgrind` with two counts and
//       divide the difference in instructions by the difference in counts.
var options = Options.Parse(args);
if (options.Count is { } count)
{
    using var single = new PrimitiveCase(options.Modes[0], options.Sizes[0]);
    var run = single.Get(options.Evp);
    for (var i = 0; i < count; i++)
    {
        run();
    }

    return 0;
}

var cases = options.Modes.SelectMany(m => options.Sizes.Select(s => new PrimitiveCase(m, s))).ToList();
var results = cases.ToDictionary(c => c, _ => (Ours: new List<double>(), Evp: new List<double>(), Ratio: new List<double>()));
for (var round = 0; round < options.Rounds; round++)
{
    foreach (var c in cases)
    {
        // Alternate which side goes first, so neither always follows the other's cache state.
        var evpFirst = round % 2 == 1;
        var first = Measure(c.Get(evpFirst), c.Size, options.Milliseconds);
        var second = Measure(c.Get(!evpFirst), c.Size, options.Milliseconds);
        var (ours, evp) = evpFirst ? (second, first) : (first, second);
        results[c].Ours.Add(ours);
        results[c].Evp.Add(evp);
        results[c].Ratio.Add(ours / evp);
    }

    Console.Error.WriteLine($"round {round + 1} of {options.Rounds} done");
}

Console.WriteLine($"{"mode",-8} {"size",7} {"ours MB/s",10} {"EVP MB/s",10} {"ours/EVP",8}  range");
foreach (var c in cases)
{
    var r = results[c];
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{c.Mode,-8} {SizeText(c.Size),7} {Median(r.Ours) / 1e6,10:F1} {Median(r.Evp) / 1e6,10:F1} {Median(r.Ratio),8:F2}  {r.Ratio.Min():F2}-{r.Ratio.Max():F2}"));
}

Console.WriteLine($"AES-256; {options.Rounds} interleaved rounds of {options.Milliseconds} ms per side; per second of process CPU user time");
foreach (var c in cases)
{
    c.Dispose();
}

return 0;

static double Measure(Action run, int size, int milliseconds)
{
    // Warm up: tiering (JIT), caches, lazy native initialisation.
    for (var i = 0; i < 64; i++)
    {
        run();
    }

    var process = Process.GetCurrentProcess();
    process.Refresh();
    var cpuStart = process.UserProcessorTime;
    var end = Stopwatch.GetTimestamp() + (milliseconds * Stopwatch.Frequency / 1000);
    long count = 0;
    do
    {
        for (var i = 0; i < 16; i++)
        {
            run();
        }

        count += 16;
    }
    while (Stopwatch.GetTimestamp() < end);

    process.Refresh();
    var seconds = (process.UserProcessorTime - cpuStart).TotalSeconds;
    return count * (double)size / Math.Max(seconds, 1e-3);
}

static double Median(List<double> values)
{
    var sorted = values.Order().ToArray();
    return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
}

static string SizeText(int size) => size switch
{
    >= 1 << 20 when size % (1 << 20) == 0 => $"{size >> 20}M",
    >= 1024 when size % 1024 == 0 => $"{size / 1024}K",
    _ => size.ToString(CultureInfo.InvariantCulture),
};
