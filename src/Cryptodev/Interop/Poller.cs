using Qcrypto.Posix;
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
        while (ready < 0 && PosixError.Last == Errno.EINTR);

        for (var i = 0; i < fds.Length; i++)
        {
            revents[i] = ready > 0 ? set[i].Revents : (short)0;
        }

        return ready < 0 ? 0 : ready;
    }

    /// <summary>
    /// Waits for the peer of a stream socket to hang up (POLLRDHUP), or for <paramref name="stop"/>
    /// to become readable: true when the peer went, false when stopped.
    /// </summary>
    public static bool WaitHangup(int socket, int stop)
    {
        var set = stackalloc Libc.PollFd[2];
        set[0] = new Libc.PollFd { Fd = socket, Events = Libc.POLLRDHUP };
        set[1] = new Libc.PollFd { Fd = stop, Events = Libc.POLLIN };
        while (true)
        {
            var ready = Libc.poll(set, 2, -1);
            if (ready < 0 && PosixError.Last == Errno.EINTR)
            {
                continue;
            }

            if (ready < 0 || set[1].Revents != 0)
            {
                return false;
            }

            if ((set[0].Revents & (Libc.POLLRDHUP | Libc.POLLHUP | Libc.POLLERR | Libc.POLLNVAL)) != 0)
            {
                return true;
            }
        }
    }

    /// <summary>One descriptor: true when readable (or hung up) within the timeout.</summary>
    public static bool WaitReadable(int fd, int timeoutMs)
    {
        Span<short> revents = stackalloc short[1];
        return WaitReadable([fd], revents, timeoutMs) > 0;
    }
}
