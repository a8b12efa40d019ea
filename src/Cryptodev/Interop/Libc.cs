using System.Runtime.InteropServices;

namespace Qcrypto.Cryptodev.Interop;

/// <summary>
/// The glibc calls vhost-user needs (unix sockets with SCM_RIGHTS, shared memory, eventfd, poll),
/// declared once with their Linux x86-64 constants. Native names kept verbatim; every caller lives
/// in this folder and turns failures into <see cref="PosixError"/>-named errors.
/// </summary>
internal static unsafe partial class Libc
{
    /// <summary>The one library name every import here binds to.</summary>
    public const string Library = "libc.so.6";

    public const int AF_UNIX = 1;
    public const int SOCK_STREAM = 1;
    public const int SOCK_CLOEXEC = 0x80000;
    public const int SOL_SOCKET = 1;
    public const int SCM_RIGHTS = 1;
    public const int MSG_CTRUNC = 0x8;
    public const int MSG_DONTWAIT = 0x40;
    public const int MSG_NOSIGNAL = 0x4000;
    public const int MSG_CMSG_CLOEXEC = 0x40000000;
    public const int SHUT_RDWR = 2;

    public const int PROT_READ = 1;
    public const int PROT_WRITE = 2;
    public const int MAP_SHARED = 1;
    public const int MAP_PRIVATE = 2;
    public const int MAP_NORESERVE = 0x4000;

    public const uint MFD_CLOEXEC = 1;
    public const uint MFD_ALLOW_SEALING = 2;
    public const uint MFD_HUGETLB = 4;
    public const int MFD_HUGE_SHIFT = 26;

    public const int F_SETFL = 4;
    public const int F_GETFL = 3;
    public const int F_SETFD = 2;
    public const int FD_CLOEXEC = 1;
    public const int F_ADD_SEALS = 1033;
    public const int F_GET_SEALS = 1034;
    public const int F_SEAL_SEAL = 1;
    public const int F_SEAL_SHRINK = 2;
    public const int F_SEAL_GROW = 4;
    public const int O_NONBLOCK = 0x800;
    public const int O_RDWR = 2;
    public const int O_CREAT = 0x40;
    public const int O_EXCL = 0x80;
    public const int O_CLOEXEC = 0x80000;

    /// <summary>0666 before the umask, as open(2) callers such as QEMU create files.</summary>
    public const uint DefaultFileMode = 0x1b6;

    public const int EFD_CLOEXEC = 0x80000;
    public const int EFD_NONBLOCK = 0x800;

    public const short POLLIN = 1;
    public const short POLLERR = 8;
    public const short POLLHUP = 0x10;
    public const short POLLNVAL = 0x20;
    public const short POLLRDHUP = 0x2000;

    public const uint S_IFMT = 0xF000;
    public const uint S_IFREG = 0x8000;
    public const uint S_IFDIR = 0x4000;
    public const uint S_IFIFO = 0x1000;

    /// <summary>sizeof(struct stat) on x86-64, and where st_mode and st_size sit in it.</summary>
    public const int StatSize = 144;
    public const int StatModeOffset = 24;
    public const int StatSizeOffset = 48;

    /// <summary>sizeof(struct cmsghdr): cmsg_len (size_t), cmsg_level, cmsg_type.</summary>
    public const int CmsgHeaderSize = 16;

    /// <summary>sizeof(sun_path).</summary>
    public const int SunPathSize = 108;

    [StructLayout(LayoutKind.Sequential)]
    public struct IoVec
    {
        public void* Base;
        public nuint Length;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct MsgHdr
    {
        public void* Name;
        public uint NameLength;
        public IoVec* Iov;
        public nuint IovLength;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct SockAddrUn
    {
        public ushort Family;
        public fixed byte Path[SunPathSize];
    }

    [LibraryImport(Library, EntryPoint = "socket", SetLastError = true)]
    public static partial int socket(int domain, int type, int protocol);

    [LibraryImport(Library, EntryPoint = "bind", SetLastError = true)]
    public static partial int bind(int fd, SockAddrUn* address, uint length);

    [LibraryImport(Library, EntryPoint = "listen", SetLastError = true)]
    public static partial int listen(int fd, int backlog);

    [LibraryImport(Library, EntryPoint = "accept4", SetLastError = true)]
    public static partial int accept4(int fd, void* address, void* length, int flags);

    [LibraryImport(Library, EntryPoint = "connect", SetLastError = true)]
    public static partial int connect(int fd, SockAddrUn* address, uint length);

    [LibraryImport(Library, EntryPoint = "sendmsg", SetLastError = true)]
    public static partial nint sendmsg(int fd, MsgHdr* message, int flags);

    [LibraryImport(Library, EntryPoint = "recvmsg", SetLastError = true)]
    public static partial nint recvmsg(int fd, MsgHdr* message, int flags);

    [LibraryImport(Library, EntryPoint = "shutdown", SetLastError = true)]
    public static partial int shutdown(int fd, int how);

    [LibraryImport(Library, EntryPoint = "close", SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport(Library, EntryPoint = "unlink", SetLastError = true)]
    public static partial int unlink(byte* path);

    [LibraryImport(Library, EntryPoint = "readlink", SetLastError = true)]
    public static partial nint readlink(byte* path, byte* buffer, nuint size);

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true)]
    public static partial int open(byte* path, int flags, uint mode);

    [LibraryImport(Library, EntryPoint = "mkstemp64", SetLastError = true)]
    public static partial int mkstemp(byte* template);

    [LibraryImport(Library, EntryPoint = "fcntl", SetLastError = true)]
    public static partial int fcntl(int fd, int command, int argument);

    [LibraryImport(Library, EntryPoint = "fstat", SetLastError = true)]
    public static partial int fstat(int fd, byte* buffer);

    [LibraryImport(Library, EntryPoint = "ftruncate64", SetLastError = true)]
    public static partial int ftruncate(int fd, long length);

    [LibraryImport(Library, EntryPoint = "memfd_create", SetLastError = true)]
    public static partial int memfd_create(byte* name, uint flags);

    [LibraryImport(Library, EntryPoint = "mmap64", SetLastError = true)]
    public static partial void* mmap(void* address, nuint length, int protection, int flags, int fd, long offset);

    [LibraryImport(Library, EntryPoint = "munmap", SetLastError = true)]
    public static partial int munmap(void* address, nuint length);

    [LibraryImport(Library, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int eventfd(uint initial, int flags);

    [LibraryImport(Library, EntryPoint = "read", SetLastError = true)]
    public static partial nint read(int fd, void* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "write", SetLastError = true)]
    public static partial nint write(int fd, void* buffer, nuint count);

    [LibraryImport(Library, EntryPoint = "poll", SetLastError = true)]
    public static partial int poll(PollFd* fds, nuint count, int timeout);

    /// <summary>glibc 2.32+: the errno's description, not localized, thread-safe (null for unknown numbers).</summary>
    [LibraryImport(Library, EntryPoint = "strerrordesc_np")]
    public static partial byte* strerrordesc_np(int errno);

    /// <summary>MAP_FAILED.</summary>
    public static readonly void* MapFailed = (void*)-1;
}
