using Qcrypto.Interop;

namespace Qcrypto.Posix;

/// <summary>
/// Owner, group, mode, size and kind of a path from statx(2) (<see cref="PosixFile.Stat(string, bool, out PosixStat)"/>).
/// <see cref="Errno"/> is non-zero when the call failed.
/// </summary>
public readonly record struct FileStatus(int Errno, FileKind Kind, uint Uid, uint Gid, uint Mode, long Size)
{
    /// <summary>The permission bits (07777).</summary>
    public uint Permissions => Mode & 0xFFF;

    /// <summary>strerror of <see cref="Errno"/>.</summary>
    public string ErrorText => PosixFile.StrError(Errno);

    /// <summary>The effective uid of this process.</summary>
    public static uint EffectiveUid => Libc.geteuid();

    /// <summary>stat (or lstat when <paramref name="followSymlinks"/> is false) of <paramref name="path"/>.</summary>
    public static FileStatus Of(string path, bool followSymlinks = true)
    {
        var errno = PosixFile.Stat(path, followSymlinks, out var stat);
        if (errno != 0)
        {
            return new FileStatus(errno, FileKind.Missing, 0, 0, 0, 0);
        }

        var kind = (stat.Mode & 0xF000) switch
        {
            0x8000 => FileKind.Regular,
            0x4000 => FileKind.Directory,
            0xA000 => FileKind.Symlink,
            _ => FileKind.Other,
        };
        return new FileStatus(0, kind, stat.Uid, stat.Gid, stat.Mode, stat.Size);
    }
}
