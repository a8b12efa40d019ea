using Qcrypto.Posix;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// The divisor `qcrypto cryptodev bench` uses for its side, the one `openssl speed` uses for its:
/// CPU user time (openssl's default; both switch to wall-clock time with --elapsed / -elapsed). On a
/// machine shared with other work, wall time charges us for their time slices while openssl is not
/// charged for its, which made the ratio swing by a third between runs.
/// </summary>
internal static class CryptodevBenchClock
{
    /// <summary>User CPU time of the calling thread (getrusage(RUSAGE_THREAD)); the bench measures on one thread.</summary>
    public static TimeSpan ThreadUserTime()
    {
        var errno = ThreadClock.UserTime(out var time);
        return errno == 0 ? time : throw new UsageException($"getrusage failed: {PosixFile.StrError(errno)}", "run with --elapsed");
    }
}
