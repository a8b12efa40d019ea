using System.Runtime.InteropServices;
using Qcrypto.Interop;

namespace Qcrypto.Posix;

/// <summary>The CPU time of the calling thread, as <c>openssl speed</c> counts its own (getrusage(2)).</summary>
public static class ThreadClock
{
    /// <summary>User CPU time of the calling thread (getrusage(RUSAGE_THREAD)); 0 or errno.</summary>
    public static unsafe int UserTime(out TimeSpan time)
    {
        Libc.RUsage usage;
        if (Libc.getrusage(Libc.RUSAGE_THREAD, &usage) != 0)
        {
            time = default;
            return Marshal.GetLastPInvokeError();
        }

        time = TimeSpan.FromSeconds(usage.ru_utime.tv_sec) + TimeSpan.FromMicroseconds(usage.ru_utime.tv_usec);
        return 0;
    }
}
