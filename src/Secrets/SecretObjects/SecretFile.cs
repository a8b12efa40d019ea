using Qcrypto.Errors;
using Qcrypto.Keys;
using Qcrypto.Objects;
using Qcrypto.Posix;

namespace Qcrypto.SecretObjects;

/// <summary>
/// Reads a secret file whole, byte for byte (no newline stripping, as QEMU), into a pinned buffer;
/// failures carry glib's g_file_get_contents wording as QEMU prints it.
/// </summary>
public static class SecretFile
{
    /// <summary>Reads <paramref name="path"/>; when <paramref name="refuseWorldReadable"/>, a file others can read is refused.</summary>
    public static SecretBuffer Read(string path, bool refuseWorldReadable) =>
        Read(path, refuseWorldReadable ? status => RefuseWorldReadable(GlibFile.AsCString(path), status) : null);

    /// <summary>Reads <paramref name="path"/>; <paramref name="inspect"/> sees the opened file's status first.</summary>
    public static SecretBuffer Read(string path, Action<PosixStat>? inspect)
    {
        path = GlibFile.AsCString(path);
        try
        {
            return GlibFile.ReadSecret(path, inspect);
        }
        catch (GlibFileException e)
        {
            throw new SecretException(ErrorCodes.SecretRead, $"Unable to read {path}: {e.Message}", property: "file", hint: e.Hint, inner: e);
        }
    }

    /// <summary>True if the "other" permission bits allow reading (group access is fine: root:qemu 0640).</summary>
    public static bool IsReadableByOthers(PosixStat status) => !status.IsDirectory && (status.Permissions & 4) != 0;

    private static void RefuseWorldReadable(string path, PosixStat status)
    {
        // The mode of the file opened, not of a name looked up again: nothing can swap it in between.
        if (IsReadableByOthers(status))
        {
            throw new SecretException(ErrorCodes.SecretFilePermissions,
                $"Refusing to read secret file {path}: it is readable by other users (mode {Convert.ToString(status.Permissions & 0x1FF, 8).PadLeft(4, '0')})",
                property: "file",
                hint: $"run 'chmod o-rwx {path}' (or allow world-readable secret files explicitly)");
        }
    }
}
