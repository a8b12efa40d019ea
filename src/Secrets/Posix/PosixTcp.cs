using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using Qcrypto.Interop;

namespace Qcrypto.Posix;

/// <summary>
/// A blocking TCP client socket straight from libc, as an <see cref="FdStream"/>. System.Net.Sockets
/// starts its epoll engine and threads on first use, which costs a one-handshake `tls connect` about a
/// quarter of its run time (measured with perf); plain socket/connect/poll cost nothing of the sort.
/// </summary>
public static class PosixTcp
{
    /// <summary>Connects to the first address that answers within <paramref name="timeout"/>.</summary>
    /// <exception cref="SocketException">no address answered (the last one's error).</exception>
    public static FdStream Connect(IEnumerable<IPAddress> addresses, int port, TimeSpan timeout)
    {
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var family = address.AddressFamily == AddressFamily.InterNetworkV6 ? Libc.AF_INET6 : Libc.AF_INET;
            var fd = Libc.socket(family, Libc.SOCK_STREAM | Libc.SOCK_CLOEXEC, 0);
            if (fd < 0)
            {
                throw new SocketException(Marshal.GetLastPInvokeError());
            }

            try
            {
                ConnectWithTimeout(fd, address, port, timeout);
                SetOption(fd, Libc.IPPROTO_TCP, Libc.TCP_NODELAY, 1); // small TLS records must not wait for delayed ACKs
                return new FdStream(fd, canRead: true, canWrite: true, ownsFd: true);
            }
            catch (SocketException e)
            {
                _ = Libc.close(fd);
                last = e;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>Reads on <paramref name="socket"/> fail with "timed out" after <paramref name="timeout"/> (zero: never).</summary>
    public static unsafe void SetReceiveTimeout(FdStream socket, TimeSpan timeout)
    {
        var tv = new Libc.TimeVal { tv_sec = (long)timeout.TotalSeconds, tv_usec = timeout.Milliseconds * 1000L };
        _ = Libc.setsockopt(socket.Fd, Libc.SOL_SOCKET, Libc.SO_RCVTIMEO, &tv, sizeof(Libc.TimeVal));
    }

    /// <summary>Shuts both directions down: a thread blocked reading or writing the socket returns at once.</summary>
    public static void Shutdown(FdStream socket)
    {
        if (socket.Fd >= 0)
        {
            _ = Libc.shutdown(socket.Fd, Libc.SHUT_RDWR);
        }
    }

    /// <summary>
    /// An accepted <see cref="System.Net.Sockets.Socket"/>'s descriptor as a blocking <see cref="FdStream"/> (the socket
    /// keeps owning it): plain read/write report errno, where NetworkStream's messages are resource texts under NativeAOT.
    /// </summary>
    public static FdStream Wrap(Socket socket)
    {
        var fd = (int)socket.Handle;
        _ = Libc.fcntl(fd, Libc.F_SETFL, Libc.fcntl(fd, Libc.F_GETFL, 0) & ~Libc.O_NONBLOCK);
        return new FdStream(fd, canRead: true, canWrite: true, ownsFd: false);
    }

    private static unsafe void ConnectWithTimeout(int fd, IPAddress address, int port, TimeSpan timeout)
    {
        var flags = Libc.fcntl(fd, Libc.F_GETFL, 0);
        _ = Libc.fcntl(fd, Libc.F_SETFL, flags | Libc.O_NONBLOCK);
        int rc;
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var sockaddr = new Libc.SockAddrIn6
            {
                sin6_family = Libc.AF_INET6,
                sin6_port = (ushort)IPAddress.HostToNetworkOrder((short)port),
                sin6_scope_id = (uint)address.ScopeId,
            };
            address.TryWriteBytes(new Span<byte>(sockaddr.sin6_addr, 16), out _);
            rc = Libc.connect(fd, &sockaddr, (uint)sizeof(Libc.SockAddrIn6));
        }
        else
        {
            var sockaddr = new Libc.SockAddrIn { sin_family = Libc.AF_INET, sin_port = (ushort)IPAddress.HostToNetworkOrder((short)port) };
            address.TryWriteBytes(new Span<byte>(sockaddr.sin_addr, 4), out _);
            rc = Libc.connect(fd, &sockaddr, (uint)sizeof(Libc.SockAddrIn));
        }

        if (rc != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != Errno.EINPROGRESS)
            {
                throw new SocketException(errno);
            }

            var pollfd = new Libc.PollFd { fd = fd, events = Libc.POLLOUT };
            if (Libc.poll(&pollfd, 1, (int)timeout.TotalMilliseconds) == 0)
            {
                throw new SocketException((int)SocketError.TimedOut);
            }

            int error = 0;
            var length = sizeof(int);
            _ = Libc.getsockopt(fd, Libc.SOL_SOCKET, Libc.SO_ERROR, &error, &length);
            if (error != 0)
            {
                throw new SocketException(error);
            }
        }

        _ = Libc.fcntl(fd, Libc.F_SETFL, flags);
    }

    private static unsafe void SetOption(int fd, int level, int name, int value) => _ = Libc.setsockopt(fd, level, name, &value, sizeof(int));
}
