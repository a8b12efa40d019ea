using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;

namespace Qcrypto.Tls.Native;

/// <summary>What kind of file a path names (statx's S_IFMT).</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    Symlink,
    Other,
}

/// <summary>
/// Owner, group, mode, size and kind of a path from statx(2), whose struct layout is the same on every
/// architecture (unlike struct stat). <see cref="Errno"/> is non-zero when the call failed.
/// </summary>
public readonly partial record struct FileStatus(int Errno, FileKind Kind, uint Uid, uint Gid, uint Mode, long Size)
{
    private const int AtFdCwd = -100;
    private const int AtSymlinkNoFollow = 0x100;
    private const uint StatxBasicStats = 0x7ff;

    /// <summary>The permission bits (07777).</summary>
    public uint Permissions => Mode & 0xFFF;

    /// <summary>strerror of <see cref="Errno"/>.</summary>
    public string ErrorText => Marshal.GetPInvokeErrorMessage(Errno);

    /// <summary>stat (or lstat when <paramref name="followSymlinks"/> is false) of <paramref name="path"/>.</summary>
    public static unsafe FileStatus Of(string path, bool followSymlinks = true)
    {
        var buffer = stackalloc byte[256];
        if (Statx(AtFdCwd, path, followSymlinks ? 0 : AtSymlinkNoFollow, StatxBasicStats, buffer) != 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            return new FileStatus(errno == 0 ? FileProbe.ENOENT : errno, FileKind.Missing, 0, 0, 0, 0);
        }

        // struct statx: mask u32 @0, blksize u32 @4, attributes u64 @8, nlink u32 @16, uid u32 @20, gid u32 @24,
        // mode u16 @28, ino u64 @32, size u64 @40.
        var uid = *(uint*)(buffer + 20);
        var gid = *(uint*)(buffer + 24);
        var mode = (uint)*(ushort*)(buffer + 28);
        var size = *(long*)(buffer + 40);
        var kind = (mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.Symlink,
            _ => FileKind.Other,
        };
        return new FileStatus(0, kind, uid, gid, mode, size);
    }

    /// <summary>The effective uid of this process.</summary>
    public static uint EffectiveUid => GetEuid();

    // The path as bytes: a file name that is not UTF-8 must reach the kernel unchanged.
    [LibraryImport("libc", EntryPoint = "statx", SetLastError = true)]
    private static unsafe partial int Statx(int dirFd, [MarshalUsing(typeof(Qcrypto.Posix.RawPathMarshaller))] string path, int flags, uint mask, byte* buffer);

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();
}
