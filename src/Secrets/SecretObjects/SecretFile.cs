using Qcrypto.Errors;
using Qcrypto.Objects;
using Qcrypto.Keys;

namespace Qcrypto.SecretObjects;

/// <summary>
/// Reads a secret file whole, byte for byte (no newline stripping, as QEMU), into a pinned buffer;
/// failures carry glib's g_file_get_contents wording as QEMU prints it.
/// </summary>
public static class SecretFile
{
    /// <summary>Reads <paramref name="path"/>; when <paramref name="refuseWorldReadable"/>, a file others can read is refused.</summary>
    public static SecretBuffer Read(string path, bool refuseWorldReadable)
    {
        path = GlibFile.AsCString(path);
        try
        {
            if (refuseWorldReadable && File.Exists(path) && IsReadableByOthers(path, out var mode))
            {
                throw new SecretException(ErrorCodes.SecretFilePermissions,
                    $"Refusing to read secret file {path}: it is readable by other users (mode {Convert.ToString((int)mode & 0x1FF, 8).PadLeft(4, '0')})",
                    property: "file",
                    hint: $"run 'chmod o-rwx {path}' (or allow world-readable secret files explicitly)");
            }

            return GlibFile.ReadSecret(path);
        }
        catch (GlibFileException e)
        {
            throw new SecretException(ErrorCodes.SecretRead, $"Unable to read {path}: {e.Message}", property: "file", inner: e);
        }
    }

    /// <summary>True if the "other" permission bits allow reading (group access is fine: root:qemu 0640).</summary>
    public static bool IsReadableByOthers(string path, out UnixFileMode mode)
    {
        mode = File.GetUnixFileMode(path);
        return (mode & UnixFileMode.OtherRead) != 0;
    }
}
