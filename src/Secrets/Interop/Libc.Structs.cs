using System.Runtime.InteropServices;

namespace Qcrypto.Interop;

/// <summary>The C structs the libc calls read and write, laid out as the kernel's headers declare them.</summary>
internal static partial class Libc
{
    /// <summary>struct statx_timestamp.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct StatxTimestamp
    {
        public long tv_sec;
        public uint tv_nsec;
        public int __reserved;
    }

    /// <summary>struct statx (linux/stat.h): the same layout on every architecture, unlike struct stat.</summary>
    [StructLayout(LayoutKind.Sequential, Size = 256)]
    internal struct Statx
    {
        public uint stx_mask;
        public uint stx_blksize;
        public ulong stx_attributes;
        public uint stx_nlink;
        public uint stx_uid;
        public uint stx_gid;
        public ushort stx_mode;
        public ushort __spare0;
        public ulong stx_ino;
        public ulong stx_size;
    }

    /// <summary>struct timeval.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct TimeVal
    {
        public long tv_sec;
        public long tv_usec;
    }

    /// <summary>struct rusage: ru_utime, ru_stime, then 14 longs.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct RUsage
    {
        public TimeVal ru_utime;
        public TimeVal ru_stime;
        public fixed long ru_rest[14];
    }

    /// <summary>struct pollfd.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct PollFd
    {
        public int fd;
        public short events;
        public short revents;
    }

    /// <summary>struct sockaddr_in: the port and address in network byte order.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct SockAddrIn
    {
        public ushort sin_family;
        public ushort sin_port;
        public fixed byte sin_addr[4];
        public fixed byte sin_zero[8];
    }

    /// <summary>struct sockaddr_in6: the port, flow info and address in network byte order.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal unsafe struct SockAddrIn6
    {
        public ushort sin6_family;
        public ushort sin6_port;
        public uint sin6_flowinfo;
        public fixed byte sin6_addr[16];
        public uint sin6_scope_id;
    }
}
