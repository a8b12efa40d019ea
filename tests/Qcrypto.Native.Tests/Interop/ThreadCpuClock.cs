using System.Runtime.InteropServices;

namespace Qcrypto.Native.Tests.Interop;

/// <summary>CLOCK_THREAD_CPUTIME_ID: the calling thread's CPU time, so a loaded machine does not move a comparison.</summary>
internal static partial class ThreadCpuClock
{
    private const int ClockThreadCputimeId = 3;

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
