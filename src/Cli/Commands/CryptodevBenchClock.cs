using System.Runtime.InteropServices;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// The divisor `qcrypto cryptodev bench` uses for its side, the one `openssl speed` uses for its:
/// CPU user time (openssl's default; both switch to wall-clock time with --elapsed / -elapsed). On a
/// machine shared with other work, wall time charges us for their time slices while openssl is not
/// charged for its, which made the ratio swing by a third between runs.
/// </summary>
internal static partial class CryptodevBenchClock
{
    private const int RusageThread = 1;

    /// <summary>User CPU time of the calling thread (getrusage(RUSAGE_THREAD)); the bench measures on one thread.</summary>
    public static unsafe TimeSpan ThreadUserTime()
    {
        // struct rusage: ru_utime (tv_sec, tv_usec), ru_stime, then 14 longs.
        var usage = stackalloc long[18];
        if (GetRusage(RusageThread, usage) != 0)
        {
            throw new UsageException($"getrusage failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}", "run with --elapsed");
        }

        return TimeSpan.FromSeconds(usage[0]) + TimeSpan.FromMicroseconds(usage[1]);
    }

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static unsafe partial int GetRusage(int who, long* usage);
}
