using Qcrypto.Posix;
namespace Qcrypto.Cryptodev.Interop;

/// <summary>
/// An eventfd (kick, call and err notifiers): 8-byte counter writes signal, a read drains. Non-blocking,
/// so a drain never waits and a write never blocks the data path.
/// </summary>
internal sealed unsafe class EventFd : IDisposable
{
    private readonly FileDescriptor _fd;

    private EventFd(FileDescriptor fd) => _fd = fd;

    public int Fd => _fd.Fd;

    public FileDescriptor Descriptor => _fd;

    public static EventFd Create() =>
        new(FileDescriptor.FromResult(Libc.eventfd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK), "eventfd"));

    /// <summary>Takes over a descriptor received from the peer (it may not be an eventfd: writes and reads then just fail).</summary>
    public static EventFd Adopt(FileDescriptor fd)
    {
        // Ours must not block even if the peer handed over a blocking descriptor.
        var flags = Libc.fcntl(fd.Fd, Libc.F_GETFL, 0);
        if (flags >= 0)
        {
            Libc.fcntl(fd.Fd, Libc.F_SETFL, flags | Libc.O_NONBLOCK);
        }

        return new EventFd(fd);
    }

    /// <summary>Adds 1 to the counter; false if the descriptor refused (a closed or bogus peer fd).</summary>
    public bool Signal()
    {
        ulong one = 1;
        var done = _fd.Fd >= 0 && Libc.write(_fd.Fd, &one, 8) == 8;
        return done || PosixError.Last == Errno.EAGAIN;
    }

    /// <summary>Reads and resets the counter; 0 when nothing was signalled.</summary>
    public ulong Drain()
    {
        ulong value = 0;
        return Libc.read(_fd.Fd, &value, 8) == 8 ? value : 0;
    }

    public void Dispose() => _fd.Dispose();
}
