using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;

namespace Qcrypto.Posix;

/// <summary>Mode, owner and size of a file (statx's fields, the same layout on every architecture).</summary>
public readonly record struct PosixStat(uint Mode, uint Uid, uint Gid, long Size)
{
    public bool IsRegular => (Mode & 0xF000) == 0x8000;

    public bool IsDirectory => (Mode & 0xF000) == 0x4000;

    /// <summary>The permission bits (07777).</summary>
    public uint Permissions => Mode & 0xFFF;
}

/// <summary>
/// The file system calls the verbs make, straight to libc with paths as bytes (<see cref="RawPathMarshaller"/>)
/// and errno as the result. .NET's file APIs cannot open a file name that is not UTF-8, and their
/// exceptions fold errno values together and carry runtime resource text (NativeAOT's
/// UseSystemResourceKeys turns it into keys like IO_FileNotFound_FileName): here every failure is an
/// errno, worded with strerror as glib and QEMU word it. Every call returns 0 or errno.
/// </summary>
public static partial class PosixFile
{
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EEXIST = 17;

    // open(2) flags with the same values on x86_64 and aarch64 (O_DIRECTORY and O_NOFOLLOW differ: not used).
    public const int ReadOnly = 0;
    public const int WriteOnly = 1;
    public const int Create = 0x40;
    public const int Exclusive = 0x80;
    public const int Truncate = 0x200;
    public const int CloseOnExec = 0x80000;

    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7ff;
    private const int DirentNameOffset = 19;

    public static string StrError(int errno) => Marshal.GetPInvokeErrorMessage(errno);

    public static int Open(string path, int flags, int mode, out int fd)
    {
        while (true)
        {
            fd = SysOpen(path, flags, mode);
            var errno = fd < 0 ? Marshal.GetLastPInvokeError() : 0;
            if (errno != EINTR)
            {
                return errno;
            }
        }
    }

    public static void Close(int fd) => _ = SysClose(fd);

    /// <summary>fstat(2) of an open file.</summary>
    public static int Stat(int fd, out PosixStat stat) => Statx(fd, string.Empty, AtEmptyPath, out stat);

    /// <summary>stat(2), or lstat(2) when <paramref name="followSymlinks"/> is false.</summary>
    public static int Stat(string path, bool followSymlinks, out PosixStat stat) =>
        Statx(AtFdCwd, path, followSymlinks ? 0 : AtSymlinkNoFollow, out stat);

    /// <summary>Whether anything (a dangling symlink too) has the name <paramref name="path"/>.</summary>
    public static bool Exists(string path) => Stat(path, followSymlinks: false, out _) == 0;

    /// <summary>read(2), retried on EINTR; <paramref name="count"/> 0 at end of file.</summary>
    public static unsafe int Read(int fd, Span<byte> buffer, out int count)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = SysRead(fd, p, (nuint)buffer.Length);
                count = (int)Math.Max(n, 0);
                var errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
                if (errno != EINTR)
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
                var n = SysWrite(fd, p + done, (nuint)(data.Length - done));
                if (n < 0)
                {
                    var errno = Marshal.GetLastPInvokeError();
                    if (errno == EINTR)
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

    public static int Sync(int fd) => SysFsync(fd) == 0 ? 0 : Marshal.GetLastPInvokeError();

    public static int ChangeMode(int fd, int mode) => SysFchmod(fd, mode) == 0 ? 0 : Marshal.GetLastPInvokeError();

    public static int MakeDirectory(string path, int mode) => SysMkdir(path, mode) == 0 ? 0 : Marshal.GetLastPInvokeError();

    /// <summary>The names in a directory (without . and ..), as <see cref="RawText"/> strings.</summary>
    public static unsafe int ListDirectory(string path, out List<string> names)
    {
        names = [];
        var dir = SysOpendir(path);
        if (dir == IntPtr.Zero)
        {
            return Marshal.GetLastPInvokeError();
        }

        try
        {
            while (true)
            {
                var entry = SysReaddir(dir);
                if (entry == null)
                {
                    return Marshal.GetLastPInvokeError();
                }

                var name = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(entry + DirentNameOffset);
                if (!name.SequenceEqual("."u8) && !name.SequenceEqual(".."u8))
                {
                    names.Add(RawText.Decode(name));
                }
            }
        }
        finally
        {
            _ = SysClosedir(dir);
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
                if (SysGetcwd(p, (nuint)size) != null)
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

    private static unsafe int Statx(int dirFd, string path, int flags, out PosixStat stat)
    {
        var buffer = stackalloc byte[256];
        if (SysStatx(dirFd, path, flags, StatxBasicStats, buffer) != 0)
        {
            stat = default;
            var errno = Marshal.GetLastPInvokeError();
            return errno == 0 ? ENOENT : errno;
        }

        // struct statx: uid u32 @20, gid u32 @24, mode u16 @28, size u64 @40.
        stat = new PosixStat(*(ushort*)(buffer + 28), *(uint*)(buffer + 20), *(uint*)(buffer + 24), *(long*)(buffer + 40));
        return 0;
    }

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true)]
    private static partial int SysOpen([MarshalUsing(typeof(RawPathMarshaller))] string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int SysClose(int fd);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint SysRead(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint SysWrite(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int SysFsync(int fd);

    [LibraryImport("libc", EntryPoint = "fchmod", SetLastError = true)]
    private static partial int SysFchmod(int fd, int mode);

    [LibraryImport("libc", EntryPoint = "mkdir", SetLastError = true)]
    private static partial int SysMkdir([MarshalUsing(typeof(RawPathMarshaller))] string path, int mode);

    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static unsafe partial int SysStatx(int dirFd, [MarshalUsing(typeof(RawPathMarshaller))] string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "opendir", SetLastError = true)]
    private static partial IntPtr SysOpendir([MarshalUsing(typeof(RawPathMarshaller))] string path);

    [LibraryImport("libc", EntryPoint = "readdir", SetLastError = true)]
    private static unsafe partial byte* SysReaddir(IntPtr dir);

    [LibraryImport("libc", EntryPoint = "closedir")]
    private static partial int SysClosedir(IntPtr dir);

    [LibraryImport("libc", EntryPoint = "getcwd")]
    private static unsafe partial byte* SysGetcwd(byte* buffer, nuint size);
}
