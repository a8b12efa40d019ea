using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;
using Qcrypto.Interop;
using Qcrypto.Posix;

namespace Qcrypto.Sev.Interop;

/// <summary>
/// The libc calls of the SEV assembly beyond Qcrypto.Posix.PosixFile: positioned I/O for guest
/// memory, rename/unlink for atomic state files, flock for the platform directory, and ioctl for
/// /dev/sev and /dev/kvm. Every call returns 0 or errno (retrying EINTR), never throws.
/// </summary>
internal static partial class Libc
{
    private const string Library = "libc.so.6";
    private const int LockExclusive = 2;
    private const int LockUnlock = 8;

    public static int Rename(string from, string to) => Result(SysRename(from, to));

    public static int Unlink(string path) => Result(SysUnlink(path));

    public static int RemoveDirectory(string path) => Result(SysRmdir(path));

    public static int LockExclusiveWait(int fd)
    {
        while (true)
        {
            var errno = Result(SysFlock(fd, LockExclusive));
            if (errno != Errno.EINTR)
            {
                return errno;
            }
        }
    }

    public static int Unlock(int fd) => Result(SysFlock(fd, LockUnlock));

    public static int Truncate(int fd, long length) => Result(SysFtruncate(fd, length));

    /// <summary>pread(2) until <paramref name="buffer"/> is full or the file ends; bytes read in <paramref name="count"/>.</summary>
    public static unsafe int ReadAt(int fd, Span<byte> buffer, long offset, out int count)
    {
        count = 0;
        fixed (byte* start = buffer)
        {
            while (count < buffer.Length)
            {
                var n = SysPread(fd, start + count, (nuint)(buffer.Length - count), offset + count);
                if (n < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Errno.EINTR)
                    {
                        continue;
                    }

                    return errno;
                }

                if (n == 0)
                {
                    return 0;
                }

                count += (int)n;
            }
        }

        return 0;
    }

    /// <summary>pwrite(2) of the whole buffer at <paramref name="offset"/>.</summary>
    public static unsafe int WriteAt(int fd, ReadOnlySpan<byte> buffer, long offset)
    {
        fixed (byte* start = buffer)
        {
            var done = 0;
            while (done < buffer.Length)
            {
                var n = SysPwrite(fd, start + done, (nuint)(buffer.Length - done), offset + done);
                if (n < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == Errno.EINTR)
                    {
                        continue;
                    }

                    return errno;
                }

                done += (int)n;
            }
        }

        return 0;
    }

    /// <summary>ioctl(2) with a pointer argument; the return value, errno in <paramref name="errno"/>.</summary>
    public static unsafe int Ioctl(int fd, ulong request, void* argument, out int errno)
    {
        var r = SysIoctl(fd, (nuint)request, argument);
        errno = r < 0 ? Marshal.GetLastPInvokeError() : 0;
        return r;
    }

    private static int Result(int r) => r == 0 ? 0 : Marshal.GetLastPInvokeError();

    [LibraryImport(Library, EntryPoint = "rename", SetLastError = true)]
    private static partial int SysRename([MarshalUsing(typeof(RawPathMarshaller))] string from, [MarshalUsing(typeof(RawPathMarshaller))] string to);

    [LibraryImport(Library, EntryPoint = "unlink", SetLastError = true)]
    private static partial int SysUnlink([MarshalUsing(typeof(RawPathMarshaller))] string path);

    [LibraryImport(Library, EntryPoint = "rmdir", SetLastError = true)]
    private static partial int SysRmdir([MarshalUsing(typeof(RawPathMarshaller))] string path);

    [LibraryImport(Library, EntryPoint = "flock", SetLastError = true)]
    private static partial int SysFlock(int fd, int operation);

    [LibraryImport(Library, EntryPoint = "ftruncate", SetLastError = true)]
    private static partial int SysFtruncate(int fd, long length);

    [LibraryImport(Library, EntryPoint = "pread", SetLastError = true)]
    private static unsafe partial nint SysPread(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport(Library, EntryPoint = "pwrite", SetLastError = true)]
    private static unsafe partial nint SysPwrite(int fd, byte* buffer, nuint count, long offset);

    [LibraryImport(Library, EntryPoint = "ioctl", SetLastError = true)]
    private static unsafe partial int SysIoctl(int fd, nuint request, void* argument);
}
