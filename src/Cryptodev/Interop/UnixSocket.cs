using Qcrypto.Posix;
using System.Text;

namespace Qcrypto.Cryptodev.Interop;

/// <summary>
/// A unix stream socket that carries file descriptors (SCM_RIGHTS), as vhost-user uses it: a listener
/// that accepts, or a connection that sends and receives byte runs with descriptors beside them.
/// Received descriptors are close-on-exec and owned by the caller.
/// </summary>
internal sealed unsafe class UnixSocket : IDisposable
{
    /// <summary>VHOST_MEMORY_BASELINE_NREGIONS: the most descriptors one vhost-user message carries.</summary>
    public const int MaxFds = 8;

    private readonly FileDescriptor _fd;

    private UnixSocket(FileDescriptor fd) => _fd = fd;

    public int Fd => _fd.Fd;

    /// <summary>Binds and listens on <paramref name="path"/>, replacing a stale socket file (not any other file).</summary>
    public static UnixSocket Listen(string path, int backlog = 16)
    {
        var address = Address(path, out var length);
        var fd = FileDescriptor.FromResult(Libc.socket(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0), "socket");
        try
        {
            if (Libc.bind(fd.Fd, &address, length) != 0)
            {
                var errno = PosixError.Last;
                if (errno != Errno.EADDRINUSE || !RemoveStale(path) || Libc.bind(fd.Fd, &address, length) != 0)
                {
                    throw FileDescriptor.Failure($"Failed to bind socket to {path}", errno == Errno.EADDRINUSE ? PosixError.Last : errno);
                }
            }

            if (Libc.listen(fd.Fd, backlog) != 0)
            {
                throw FileDescriptor.Failure($"Failed to listen on {path}", PosixError.Last);
            }

            return new UnixSocket(fd);
        }
        catch
        {
            fd.Dispose();
            throw;
        }
    }

    /// <summary>Connects to <paramref name="path"/> (QEMU's wording on failure: "Failed to connect to 'PATH': ...").</summary>
    public static UnixSocket Connect(string path)
    {
        var address = Address(path, out var length);
        var fd = FileDescriptor.FromResult(Libc.socket(Libc.AF_UNIX, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0), "socket");
        int result;
        do
        {
            result = Libc.connect(fd.Fd, &address, length);
        }
        while (result != 0 && PosixError.Last == Errno.EINTR);

        if (result != 0)
        {
            var errno = PosixError.Last;
            fd.Dispose();
            throw FileDescriptor.Failure($"Failed to connect to '{path}'", errno);
        }

        return new UnixSocket(fd);
    }

    /// <summary>Waits up to <paramref name="timeoutMs"/> for a connection; null on timeout or a transient accept failure.</summary>
    public UnixSocket? Accept(int timeoutMs)
    {
        if (!Poller.WaitReadable(_fd.Fd, timeoutMs))
        {
            return null;
        }

        var fd = Libc.accept4(_fd.Fd, null, null, Libc.SOCK_CLOEXEC);
        return fd >= 0 ? new UnixSocket(new FileDescriptor(fd)) : null;
    }

    /// <summary>Sends all of <paramref name="data"/>, the descriptors with its first byte. False when the peer is gone.</summary>
    public bool Send(ReadOnlySpan<byte> data, ReadOnlySpan<int> fds = default)
    {
        if (fds.Length > MaxFds)
        {
            throw new ArgumentOutOfRangeException(nameof(fds));
        }

        var control = stackalloc byte[Libc.CmsgHeaderSize + (MaxFds * sizeof(int))];
        var sent = 0;
        fixed (byte* bytes = data)
        {
            while (sent < data.Length || (sent == 0 && data.Length == 0))
            {
                var iov = new Libc.IoVec { Base = bytes + sent, Length = (nuint)(data.Length - sent) };
                var message = new Libc.MsgHdr { Iov = &iov, IovLength = 1 };
                if (sent == 0 && fds.Length > 0)
                {
                    var space = Libc.CmsgHeaderSize + (fds.Length * sizeof(int));
                    *(ulong*)control = (ulong)space;
                    *(int*)(control + 8) = Libc.SOL_SOCKET;
                    *(int*)(control + 12) = Libc.SCM_RIGHTS;
                    fds.CopyTo(new Span<int>(control + Libc.CmsgHeaderSize, fds.Length));
                    message.Control = control;
                    message.ControlLength = (nuint)((space + 7) & ~7);
                }

                var n = Libc.sendmsg(_fd.Fd, &message, Libc.MSG_NOSIGNAL);
                if (n < 0)
                {
                    if (PosixError.Last == Errno.EINTR)
                    {
                        continue;
                    }

                    return false;
                }

                sent += (int)n;
                if (data.Length == 0)
                {
                    break;
                }
            }
        }

        return true;
    }

    /// <summary>
    /// Fills <paramref name="buffer"/> completely, adding any descriptors that arrive to
    /// <paramref name="fds"/> (descriptors beyond <see cref="MaxFds"/> per call are closed by the kernel
    /// and reported as <see cref="ReceiveStatus.TooManyFds"/>). EndOfStream when the peer closed first.
    /// </summary>
    public ReceiveStatus Receive(Span<byte> buffer, List<FileDescriptor>? fds)
    {
        var control = stackalloc byte[Libc.CmsgHeaderSize + (MaxFds * sizeof(int))];
        var received = 0;
        var truncated = false;
        fixed (byte* bytes = buffer)
        {
            while (received < buffer.Length)
            {
                var iov = new Libc.IoVec { Base = bytes + received, Length = (nuint)(buffer.Length - received) };
                var message = new Libc.MsgHdr
                {
                    Iov = &iov,
                    IovLength = 1,
                    Control = control,
                    ControlLength = (nuint)(Libc.CmsgHeaderSize + (MaxFds * sizeof(int))),
                };
                var n = Libc.recvmsg(_fd.Fd, &message, Libc.MSG_CMSG_CLOEXEC);
                if (n < 0)
                {
                    if (PosixError.Last == Errno.EINTR)
                    {
                        continue;
                    }

                    return ReceiveStatus.Failed;
                }

                truncated |= (message.Flags & Libc.MSG_CTRUNC) != 0;
                TakeFds(control, (int)message.ControlLength, fds);
                if (n == 0)
                {
                    return ReceiveStatus.EndOfStream;
                }

                received += (int)n;
            }
        }

        return truncated ? ReceiveStatus.TooManyFds : ReceiveStatus.Ok;
    }

    /// <summary>True when a byte (or the peer's hang-up) is waiting.</summary>
    public bool WaitReadable(int timeoutMs) => Poller.WaitReadable(_fd.Fd, timeoutMs);

    /// <summary>Ends both directions: a thread blocked in <see cref="Receive"/> returns.</summary>
    public void Shutdown()
    {
        if (!_fd.IsClosed)
        {
            Libc.shutdown(_fd.Fd, Libc.SHUT_RDWR);
        }
    }

    public void Dispose() => _fd.Dispose();

    private static void TakeFds(byte* control, int length, List<FileDescriptor>? fds)
    {
        // Walk every cmsghdr (CMSG_FIRSTHDR/CMSG_NXTHDR); each SCM_RIGHTS one holds ints.
        var offset = 0;
        while (offset + Libc.CmsgHeaderSize <= length)
        {
            var cmsgLength = (int)Math.Min(*(ulong*)(control + offset), (ulong)(length - offset));
            var level = *(int*)(control + offset + 8);
            var type = *(int*)(control + offset + 12);
            if (cmsgLength < Libc.CmsgHeaderSize)
            {
                break;
            }

            if (level == Libc.SOL_SOCKET && type == Libc.SCM_RIGHTS)
            {
                var count = (cmsgLength - Libc.CmsgHeaderSize) / sizeof(int);
                for (var i = 0; i < count; i++)
                {
                    var fd = new FileDescriptor(*(int*)(control + offset + Libc.CmsgHeaderSize + (i * sizeof(int))));
                    if (fds is null)
                    {
                        fd.Dispose();
                    }
                    else
                    {
                        fds.Add(fd);
                    }
                }
            }

            offset += (cmsgLength + 7) & ~7;
        }
    }

    private static Libc.SockAddrUn Address(string path, out uint length)
    {
        var bytes = Encoding.UTF8.GetBytes(path);
        if (bytes.Length == 0 || bytes.Length >= Libc.SunPathSize)
        {
            throw FileDescriptor.Failure($"UNIX socket path '{path}' is too long", Errno.ENAMETOOLONG);
        }

        var address = new Libc.SockAddrUn { Family = Libc.AF_UNIX };
        bytes.CopyTo(new Span<byte>(address.Path, Libc.SunPathSize));
        length = (uint)(sizeof(ushort) + bytes.Length + 1);
        return address;
    }

    /// <summary>Removes <paramref name="path"/> if it is a socket nobody listens on.</summary>
    private static bool RemoveStale(string path)
    {
        try
        {
            using var probe = Connect(path);
            return false;
        }
        catch (Qcrypto.Posix.PosixException e) when (e.Errno == Errno.ECONNREFUSED)
        {
            var bytes = Encoding.UTF8.GetBytes(path + "\0");
            fixed (byte* p = bytes)
            {
                return Libc.unlink(p) == 0;
            }
        }
    }

    /// <summary>Removes the socket file (when the server stops).</summary>
    public static void Unlink(string path)
    {
        var bytes = Encoding.UTF8.GetBytes(path + "\0");
        fixed (byte* p = bytes)
        {
            Libc.unlink(p);
        }
    }
}

/// <summary>How a <see cref="UnixSocket.Receive"/> ended.</summary>
internal enum ReceiveStatus
{
    Ok,
    EndOfStream,
    Failed,
    TooManyFds,
}
