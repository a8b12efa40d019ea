using System.Globalization;
using Qcrypto.Native.Tests.Fixtures;
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
    /// The C side of `bench/Qcrypto.Bench native-lookup` (the C-vs-C# cost of a chained lookup, a benchmark, not a
    /// pass criterion here): the loop runs through the exports and reports a per-lookup cost.
    /// </summary>
    [Fact]
    public void LookupLoopFromCRunsAndReportsItsCost()
    {
        var (lines, _) = CApiTests.SecretChain(Plaintext);
        var r = CProgram.Run("bench", ["20000", .. lines], timeoutSeconds: 300);
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        var c = double.Parse(r.Stdout.Split('\n').First(l => l.StartsWith("c ns/lookup ", StringComparison.Ordinal))[12..], CultureInfo.InvariantCulture);
        Assert.InRange(c, 1.0, 1e7);
        Assert.Equal(0, r.Stderr.Length);
    }
}
