using System.Runtime.InteropServices;

namespace Qcrypto.Bench.Interop;

/// <summary>CLOCK_THREAD_CPUTIME_ID: the calling thread's CPU time, so a loaded machine does not move a comparison.</summary>
internal static partial class ThreadCpuClock
{
    private const int ClockProcessCputimeId = 2;
    private const int ClockThreadCputimeId = 3;

    /// <summary>CLOCK_PROCESS_CPUTIME_ID: every thread's CPU time (the runtime's too), as gnutls-cli's benchmarks count.</summary>
    public static double ProcessNowNs()
    {
        clock_gettime(ClockProcessCputimeId, out var t);
        return (t.Seconds * 1e9) + t.Nanoseconds;
    }

    public static double NowNs()
    {
        clock_gettime(ClockThreadCputimeId, out var t);
        return (t.Seconds * 1e9) + t.Nanoseconds;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", SetLastError = false)]
    private static partial int clock_gettime(int clock, out Timespec time);
}
