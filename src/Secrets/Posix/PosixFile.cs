using System.Runtime.InteropServices;
using Qcrypto.Interop;

namespace Qcrypto.Posix;

/// <summary>
/// The file system calls the verbs make, straight to libc with paths as bytes (<see cref="RawPathMarshaller"/>)
/// and errno as the result. .NET's file APIs cannot open a file name that is not UTF-8, and their
/// exceptions fold errno values together and carry runtime resource text (NativeAOT's
/// UseSystemResourceKeys turns it into keys like IO_FileNotFound_FileName): here every failure is an
/// errno, worded with strerror as glib and QEMU word it. Every call returns 0 or errno.
/// </summary>
public static partial class PosixFile
{
    // open(2) flags with the same values on x86_64 and aarch64 (O_DIRECTORY and O_NOFOLLOW differ: not used).
    public const int ReadOnly = Libc.O_RDONLY;
    public const int WriteOnly = Libc.O_WRONLY;
    public const int Create = Libc.O_CREAT;
    public const int Exclusive = Libc.O_EXCL;
    public const int Truncate = Libc.O_TRUNC;
    public const int CloseOnExec = Libc.O_CLOEXEC;

    public static string StrError(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    public static int Open(string path, int flags, int mode, out int fd)
    {
        while (true)
        {
            fd = Libc.open(path, flags, mode);
            var errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
            if (errno != Errno.EINTR)
            {
                return errno;
            }
        }
    }

    public static void Close(int fd) => _ = Libc.close(fd);

    /// <summary>fstat(2) of an open file.</summary>
    public static int Stat(int fd, out PosixStat stat) => Statx(fd, string.Empty, Libc.AT_EMPTY_PATH, out stat);

    /// <summary>stat(2), or lstat(2) when <paramref name="followSymlinks"/> is false.</summary>
    public static int Stat(string path, bool followSymlinks, out PosixStat stat) =>
        Statx(Libc.AT_FDCWD, path, followSymlinks ? 0 : Libc.AT_SYMLINK_NOFOLLOW, out stat);

    /// <summary>Whether anything (a dangling symlink too) has the name <paramref name="path"/>.</summary>
    public static bool Exists(string path) => Stat(path, followSymlinks: false, out _) == 0;

    /// <summary>read(2), retried on EINTR; <paramref name="count"/> 0 at end of file.</summary>
    public static unsafe int Read(int fd, Span<byte> buffer, out int count)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = Libc.read(fd, p, (nuint)buffer.Length);
                count = (int)Math.Max(n, 0);
                var errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
                if (errno != Errno.EINTR)
                {
                    return errno;
                }
            }
        }
    }

    /// <summary>write(2) of all of <paramref name="data"/>.</summary>
    public static unsafe int WriteAll(int fd, ReadOnlySpan<byte> data)
    {
        fixed (byte* p = data)
        {
            var done = 0;
            while (done < data.Length)
            {
                var n = Libc.write(fd, p + done, (nuint)(data.Length - done));
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

            return 0;
        }
    }

    public static int Sync(int fd) => Libc.fsync(fd) == 0 ? 0 : Marshal.GetLastPInvokeError();

    public static int ChangeMode(int fd, int mode) => Libc.fchmod(fd, mode) == 0 ? 0 : Marshal.GetLastPInvokeError();

    public static int MakeDirectory(string path, int mode) => Libc.mkdir(path, mode) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>The names in a directory (without . and ..), as <see cref="RawText"/> strings.</summary>
    public static unsafe int ListDirectory(string path, out List<string> names)
    {
        names = [];
        var dir = Libc.opendir(path);
        if (dir == IntPtr.Zero)
        {
            return Marshal.GetLastPInvokeError();
        }

        try
        {
            while (true)
            {
                var entry = Libc.readdir(dir);
                if (entry == null)
                {
                    return Marshal.GetLastPInvokeError();
                }

                var name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(entry + Libc.DirentNameOffset);
                if (!name.SequenceEqual("."u8) && !name.SequenceEqual(".."u8))
                {
                    names.Add(RawText.Decode(name));
                }
            }
        }
        finally
        {
            _ = Libc.closedir(dir);
        }
    }

    /// <summary>The working directory as bytes (.NET's would turn a non-UTF-8 name into U+FFFD).</summary>
    public static unsafe string CurrentDirectory()
    {
        for (var size = 4096; ; size *= 2)
        {
            var buffer = new byte[size];
            fixed (byte* p = buffer)
            {
                if (Libc.getcwd(p, (nuint)size) != null)
                {
                    return RawText.Decode(MemoryMarshal.CreateReadOnlySpanFromNullTerminated(p));
                }
            }

            if (size > 1 << 20)
            {
                return Environment.CurrentDirectory;
            }
        }
    }

    /// <summary>Path.GetFullPath, relative to <see cref="CurrentDirectory"/> (the path as a C string: up to a NUL).</summary>
    public static string FullPath(string path)
    {
        var nul = path.IndexOf('\0', StringComparison.Ordinal);
        path = nul < 0 ? path : path[..nul];
        return path.Length == 0 ? CurrentDirectory() : Path.IsPathRooted(path) ? Path.GetFullPath(path) : Path.GetFullPath(path, CurrentDirectory());
    }

    /// <summary>
    /// Writes <paramref name="content"/> to <paramref name="path"/>: a new file gets <paramref name="createMode"/>;
    /// with <paramref name="exclusive"/> an existing name (a dangling symlink too) is an error, otherwise the
    /// file is truncated. <paramref name="finalMode"/>, when given, is set on the open file after writing (a key
    /// file created 0600 is never readable by others while being written). 0 or errno.
    /// </summary>
    public static int WriteFile(string path, ReadOnlySpan<byte> content, int createMode, bool exclusive, int? finalMode = null, bool sync = false)
    {
        var flags = WriteOnly | Create | CloseOnExec | (exclusive ? Exclusive : Truncate);
        var errno = Open(path, flags, createMode, out var fd);
        if (errno != 0)
        {
            return errno;
        }

        try
        {
            errno = WriteAll(fd, content);
            if (errno == 0 && finalMode is { } mode)
            {
                errno = ChangeMode(fd, mode);
            }

            if (errno == 0 && sync)
            {
                errno = Sync(fd);
            }

            return errno;
        }
        finally
        {
            Close(fd);
        }
    }

    /// <summary>mkdir -p with <paramref name="mode"/> for the directories it creates; 0, or errno and the directory that failed.</summary>
    public static int CreateDirectories(string path, int mode, out string failed)
    {
        var full = FullPath(path);
        for (var end = full.IndexOf('/', 1); ; end = full.IndexOf('/', end + 1))
        {
            var prefix = end < 0 ? full : full[..end];
            if (prefix.Length > 0 && !prefix.EndsWith('/'))
            {
                var errno = MakeDirectory(prefix, mode);
                if (errno == Errno.EEXIST)
                {
                    errno = Stat(prefix, followSymlinks: true, out var status);
                    errno = errno != 0 ? errno : status.IsDirectory ? 0 : Errno.ENOTDIR;
                }

                if (errno != 0)
                {
                    failed = prefix;
                    return errno;
                }
            }

            if (end < 0)
            {
                failed = string.Empty;
                return 0;
            }
        }
    }

    /// <summary>0 when <paramref name="path"/> is readable by us (access(2) R_OK), else errno.</summary>
    public static int Access(string path) => Libc.access(path, Libc.R_OK) == 0 ? 0 : Marshal.GetLastPInvokeError();

    private static unsafe int Statx(int dirFd, string path, int flags, out PosixStat stat)
    {
        Libc.Statx buffer;
        if (Libc.statx(dirFd, path, flags, Libc.STATX_BASIC_STATS, &buffer) != 0)
        {
            stat = default;
            var errno = Marshal.GetLastPInvokeError();
            return errno == 0 ? Errno.ENOENT : errno;
        }

        stat = new PosixStat(buffer.stx_mode, buffer.stx_uid, buffer.stx_gid, (long)buffer.stx_size);
        return 0;
    }
}
