using System.Globalization;
using Qcrypto.Composition;
using Qcrypto.Native.Tests.Fixtures;
using Qcrypto.Native.Tests.Interop;
using Qcrypto.Objects;
using Qcrypto.Tls.Tests.Tools;

namespace Qcrypto.Native.Tests;

/// <summary>
/// Threads, leaks and the cost of the boundary, from C. The full 8 threads x 30 s run is
/// tests/Qcrypto.Native.Tests/stress.sh; the suite runs the same program for 5 s.
/// </summary>
public class CStressLeakBenchTests
{
    private const string Plaintext = "stress: the chained secret";

    [Fact]
    public void EightThreadsAtOnceGetRightResultsWithoutLeaks()
    {
        using var dirs = new TlsDirs();
        var (lines, _) = CApiTests.SecretChain(Plaintext);
        var r = CProgram.Run("stress", ["5", "8", dirs.Psk, Plaintext, .. lines], timeoutSeconds: 120);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains("wrong 0", r.Stdout);
        Assert.Contains("all passed", r.Stdout);
    }

    [Fact]
    public void HundredThousandCyclesLeaveTheCountersAtZeroAndRssFlat()
    {
        var (lines, _) = CApiTests.SecretChain(Plaintext);
        var r = CProgram.Run("leak", ["100000", Plaintext, .. lines], timeoutSeconds: 300);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains("cycle 100000: ", r.Stdout);
        Assert.Contains("live handles 0, live buffers 0", r.Stdout);
    }

    /// <summary>
    /// A chained secret's lookup from C (through the exports: handle table, lock, copy into malloc'd memory,
    /// qcrypto_free) within 2x of the same lookup from C# (lease, copy into a new array), both in thread CPU time.
    /// </summary>
    [Fact]
    public void LookupFromCIsWithinTwiceTheCostFromCSharp()
    {
        var (lines, _) = CApiTests.SecretChain(Plaintext);
        var r = CProgram.Run("bench", ["200000", .. lines], timeoutSeconds: 300);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        var c = double.Parse(r.Stdout.Split('\n').First(l => l.StartsWith("c ns/lookup ", StringComparison.Ordinal))[12..], CultureInfo.InvariantCulture);
        var managed = ManagedLookupNs(lines, 200000);
        var ratio = c / managed;
        TestContext.Current.TestOutputHelper?.WriteLine($"secret lookup: C {c:F0} ns, C# {managed:F0} ns, ratio {ratio:F2}");
        Assert.True(ratio <= 2.0, $"C {c:F0} ns vs C# {managed:F0} ns per lookup: {ratio:F2}x");
    }

    internal static double ManagedLookupNs(string[] lines, int iterations)
    {
        using var registry = QcryptoCatalog.CreateRegistry();
        foreach (var line in lines)
        {
            registry.Add(line);
        }

        var runs = new double[5];
        for (var run = -1; run < 5; run++)
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
        return runs[2];
    }
}
