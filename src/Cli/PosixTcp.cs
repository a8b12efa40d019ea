using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;

namespace Qcrypto.Cli;

/// <summary>
/// A blocking TCP client socket straight from libc, as an <see cref="FdStream"/>. System.Net.Sockets
/// starts its epoll engine and threads on first use, which costs a one-handshake `tls connect` about a
/// quarter of its run time (measured with perf); plain socket/connect/poll cost nothing of the sort.
/// </summary>
internal static partial class PosixTcp
{
    private const int AfInet = 2;
    private const int AfInet6 = 10;
    private const int SockStream = 1;
    private const int SockCloexec = 0x80000;
    private const int IpprotoTcp = 6;
    private const int TcpNodelay = 1;
    private const int SolSocket = 1;
    private const int SoError = 4;
    private const int SoRcvtimeo = 20;
    private const int FGetfl = 3;
    private const int FSetfl = 4;
    private const int ONonblock = 0x800;
    private const short PollOut = 4;
    private const int EINPROGRESS = 115;
    private const int ShutRdwr = 2;

    /// <summary>Connects to the first address that answers within <paramref name="timeout"/>.</summary>
    public static FdStream Connect(IEnumerable<IPAddress> addresses, int port, TimeSpan timeout)
    {
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var fd = Socket(address.AddressFamily == AddressFamily.InterNetworkV6 ? AfInet6 : AfInet, SockStream | SockCloexec, 0);
            if (fd < 0)
            {
                throw new SocketException(Marshal.GetLastPInvokeError());
            }

            try
            {
                ConnectWithTimeout(fd, address, port, timeout);
                int one = 1;
                _ = SetSockOpt(fd, IpprotoTcp, TcpNodelay, ref one, sizeof(int)); // small TLS records must not wait for delayed ACKs
                return new FdStream(fd, canRead: true, canWrite: true, ownsFd: true);
            }
            catch (SocketException e)
            {
                _ = Close(fd);
                last = e;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>Reads on <paramref name="socket"/> fail with "timed out" after <paramref name="timeout"/> (zero: never).</summary>
    public static void SetReceiveTimeout(FdStream socket, TimeSpan timeout)
    {
        Span<long> tv = [(long)timeout.TotalSeconds, timeout.Milliseconds * 1000L];
        _ = SetSockOptTime(socket.Fd, SolSocket, SoRcvtimeo, ref MemoryMarshal.GetReference(tv), 16);
    }

    /// <summary>Shuts both directions down: a thread blocked reading or writing the socket returns at once.</summary>
    public static void Shutdown(FdStream socket)
    {
        if (socket.Fd >= 0)
        {
            _ = SysShutdown(socket.Fd, ShutRdwr);
        }
    }

    /// <summary>
    /// An accepted <see cref="System.Net.Sockets.Socket"/>'s descriptor as a blocking <see cref="FdStream"/> (the socket
    /// keeps owning it): plain read/write report errno, where NetworkStream's messages are resource texts under NativeAOT.
    /// </summary>
    public static FdStream Wrap(System.Net.Sockets.Socket socket)
    {
        var fd = (int)socket.Handle;
        _ = Fcntl(fd, FSetfl, Fcntl(fd, FGetfl, 0) & ~ONonblock);
        return new FdStream(fd, canRead: true, canWrite: true, ownsFd: false);
    }

    private static unsafe void ConnectWithTimeout(int fd, IPAddress address, int port, TimeSpan timeout)
    {
        var flags = Fcntl(fd, FGetfl, 0);
        _ = Fcntl(fd, FSetfl, flags | ONonblock);
        Span<byte> sockaddr = stackalloc byte[28];
        sockaddr.Clear();
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(sockaddr, AfInet6);
            BinaryPrimitives.WriteUInt16BigEndian(sockaddr[2..], (ushort)port);
            address.TryWriteBytes(sockaddr[8..24], out _);
            BinaryPrimitives.WriteUInt32LittleEndian(sockaddr[24..], (uint)address.ScopeId);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(sockaddr, AfInet);
            BinaryPrimitives.WriteUInt16BigEndian(sockaddr[2..], (ushort)port);
            address.TryWriteBytes(sockaddr[4..8], out _);
        }

        int rc;
        fixed (byte* p = sockaddr)
        {
            rc = SysConnect(fd, p, (uint)(address.AddressFamily == AddressFamily.InterNetworkV6 ? 28 : 16));
        }

        if (rc != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            if (errno != EINPROGRESS)
            {
                throw new SocketException(errno);
            }

            Span<int> pollfd = [fd, PollOut];
            var ready = Poll(ref MemoryMarshal.GetReference(pollfd), 1, (int)timeout.TotalMilliseconds);
            if (ready == 0)
            {
                throw new SocketException((int)SocketError.TimedOut);
            }

            int error = 0;
            var length = sizeof(int);
            _ = GetSockOpt(fd, SolSocket, SoError, ref error, ref length);
            if (error != 0)
            {
                throw new SocketException(error);
            }
        }

        _ = Fcntl(fd, FSetfl, flags);
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    private static unsafe partial int SysConnect(int fd, byte* address, uint length);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    private static partial int Poll(ref int fds, nuint count, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "fcntl", SetLastError = true)]
    private static partial int Fcntl(int fd, int command, int argument);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    private static partial int SetSockOpt(int fd, int level, int name, ref int value, int length);

    [LibraryImport("libc", EntryPoint = "setsockopt", SetLastError = true)]
    private static partial int SetSockOptTime(int fd, int level, int name, ref long value, int length);

    [LibraryImport("libc", EntryPoint = "getsockopt", SetLastError = true)]
    private static partial int GetSockOpt(int fd, int level, int name, ref int value, ref int length);

    [LibraryImport("libc", EntryPoint = "shutdown")]
    private static partial int SysShutdown(int fd, int how);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
