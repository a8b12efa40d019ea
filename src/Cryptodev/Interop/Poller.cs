namespace Qcrypto.Cryptodev.Interop;

/// <summary>poll(2) over a few descriptors, retried on EINTR.</summary>
internal static unsafe class Poller
{
    /// <summary>Waits until one of <paramref name="fds"/> is readable (or hung up) or the timeout passes; the ready count.</summary>
    public static int WaitReadable(ReadOnlySpan<int> fds, Span<short> revents, int timeoutMs)
    {
        var set = stackalloc Libc.PollFd[fds.Length];
        for (var i = 0; i < fds.Length; i++)
        {
            set[i] = new Libc.PollFd { Fd = fds[i], Events = Libc.POLLIN };
        }

        int ready;
        do
        {
            ready = Libc.poll(set, (nuint)fds.Length, timeoutMs);
        }
        while (ready < 0 && Errno.Last == Errno.EINTR);

        for (var i = 0; i < fds.Length; i++)
        {
            revents[i] = ready > 0 ? set[i].Revents : (short)0;
        }

        return ready < 0 ? 0 : ready;
    }

    /// <summary>One descriptor: true when readable (or hung up) within the timeout.</summary>
    public static bool WaitReadable(int fd, int timeoutMs)
    {
        Span<short> revents = stackalloc short[1];
        return WaitReadable([fd], revents, timeoutMs) > 0;
    }
}
