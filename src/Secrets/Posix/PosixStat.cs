namespace Qcrypto.Posix;

/// <summary>Mode, owner and size of a file (statx's fields, the same layout on every architecture).</summary>
public readonly record struct PosixStat(uint Mode, uint Uid, uint Gid, long Size)
{
    public bool IsRegular => (Mode & 0xF000) == 0x8000;

    public bool IsDirectory => (Mode & 0xF000) == 0x4000;

    /// <summary>The permission bits (07777).</summary>
    public uint Permissions => Mode & 0xFFF;
}
