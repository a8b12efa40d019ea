namespace Qcrypto.Posix;

/// <summary>What kind of file a path names (statx's S_IFMT).</summary>
public enum FileKind
{
    Missing,
    Regular,
    Directory,
    Symlink,
    Other,
}
