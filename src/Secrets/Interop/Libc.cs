using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;

namespace Qcrypto.Interop;

/// <summary>
/// The libc entry points qcrypto calls, as declared in the C headers (names kept verbatim). Paths go
/// as bytes (<see cref="RawPathMarshaller"/>); every call that can fail sets errno
/// (<see cref="Marshal.GetLastPInvokeError"/>). Nothing else in Qcrypto.Secrets calls native code.
/// </summary>
internal static unsafe partial class Libc
{
    // <fcntl.h>, <sys/stat.h>, <unistd.h>, <dirent.h>
    [LibraryImport(Libraries.Libc, EntryPoint = "open", SetLastError = true)]
    internal static partial int open([MarshalUsing(typeof(RawPathMarshaller))] string path, int flags, int mode);

    [LibraryImport(Libraries.Libc, EntryPoint = "close")]
    internal static partial int close(int fd);

    [LibraryImport(Libraries.Libc, EntryPoint = "read", SetLastError = true)]
    internal static partial nint read(int fd, byte* buffer, nuint count);

    [LibraryImport(Libraries.Libc, EntryPoint = "write", SetLastError = true)]
    internal static partial nint write(int fd, byte* buffer, nuint count);

    [LibraryImport(Libraries.Libc, EntryPoint = "fsync", SetLastError = true)]
    internal static partial int fsync(int fd);

    [LibraryImport(Libraries.Libc, EntryPoint = "fchmod", SetLastError = true)]
    internal static partial int fchmod(int fd, int mode);

    [LibraryImport(Libraries.Libc, EntryPoint = "fcntl", SetLastError = true)]
    internal static partial int fcntl(int fd, int command, int argument);

    [LibraryImport(Libraries.Libc, EntryPoint = "mkdir", SetLastError = true)]
    internal static partial int mkdir([MarshalUsing(typeof(RawPathMarshaller))] string path, int mode);

    [LibraryImport(Libraries.Libc, EntryPoint = "access", SetLastError = true)]
    internal static partial int access([MarshalUsing(typeof(RawPathMarshaller))] string path, int mode);

    [LibraryImport(Libraries.Libc, EntryPoint = "statx", SetLastError = true)]
    internal static partial int statx(int dirFd, [MarshalUsing(typeof(RawPathMarshaller))] string path, int flags, uint mask, Statx* buffer);

    [LibraryImport(Libraries.Libc, EntryPoint = "opendir", SetLastError = true)]
    internal static partial IntPtr opendir([MarshalUsing(typeof(RawPathMarshaller))] string path);

    [LibraryImport(Libraries.Libc, EntryPoint = "readdir", SetLastError = true)]
    internal static partial byte* readdir(IntPtr dir);

    [LibraryImport(Libraries.Libc, EntryPoint = "closedir")]
    internal static partial int closedir(IntPtr dir);

    [LibraryImport(Libraries.Libc, EntryPoint = "getcwd")]
    internal static partial byte* getcwd(byte* buffer, nuint size);

    [LibraryImport(Libraries.Libc, EntryPoint = "geteuid")]
    internal static partial uint geteuid();

    [LibraryImport(Libraries.Libc, EntryPoint = "getrusage", SetLastError = true)]
    internal static partial int getrusage(int who, RUsage* usage);

    // <sys/socket.h>, <poll.h>
    [LibraryImport(Libraries.Libc, EntryPoint = "socket", SetLastError = true)]
    internal static partial int socket(int domain, int type, int protocol);

    [LibraryImport(Libraries.Libc, EntryPoint = "connect", SetLastError = true)]
    internal static partial int connect(int fd, void* address, uint length);

    [LibraryImport(Libraries.Libc, EntryPoint = "poll", SetLastError = true)]
    internal static partial int poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport(Libraries.Libc, EntryPoint = "setsockopt", SetLastError = true)]
    internal static partial int setsockopt(int fd, int level, int name, void* value, int length);

    [LibraryImport(Libraries.Libc, EntryPoint = "getsockopt", SetLastError = true)]
    internal static partial int getsockopt(int fd, int level, int name, void* value, int* length);

    [LibraryImport(Libraries.Libc, EntryPoint = "shutdown")]
    internal static partial int shutdown(int fd, int how);
}
