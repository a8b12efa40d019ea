namespace Qcrypto.Interop;

/// <summary>The flag and option values of the libc calls, with the same values on x86_64 and aarch64.</summary>
internal static partial class Libc
{
    // open(2) flags (O_DIRECTORY and O_NOFOLLOW differ between the architectures: not used).
    internal const int O_RDONLY = 0;
    internal const int O_WRONLY = 1;
    internal const int O_CREAT = 0x40;
    internal const int O_EXCL = 0x80;
    internal const int O_TRUNC = 0x200;
    internal const int O_NONBLOCK = 0x800;
    internal const int O_CLOEXEC = 0x80000;

    // fcntl(2), access(2), statx(2)
    internal const int F_GETFL = 3;
    internal const int F_SETFL = 4;
    internal const int R_OK = 4;
    internal const int AT_FDCWD = -100;
    internal const int AT_SYMLINK_NOFOLLOW = 0x100;
    internal const int AT_EMPTY_PATH = 0x1000;
    internal const uint STATX_BASIC_STATS = 0x7ff;

    // struct dirent: d_name follows d_ino (8), d_off (8), d_reclen (2), d_type (1).
    internal const int DirentNameOffset = 19;

    // getrusage(2)
    internal const int RUSAGE_THREAD = 1;

    // socket(2), setsockopt(2), shutdown(2), poll(2)
    internal const ushort AF_INET = 2;
    internal const ushort AF_INET6 = 10;
    internal const int SOCK_STREAM = 1;
    internal const int SOCK_CLOEXEC = 0x80000;
    internal const int SOL_SOCKET = 1;
    internal const int SO_ERROR = 4;
    internal const int SO_RCVTIMEO = 20;
    internal const int IPPROTO_TCP = 6;
    internal const int TCP_NODELAY = 1;
    internal const int SHUT_RDWR = 2;
    internal const short POLLOUT = 4;
}
