using Qcrypto.Errors;
using Qcrypto.Keys;
using Qcrypto.Objects;
using Qcrypto.Posix;
using Qcrypto.SecretObjects;
using Qcrypto.Sev.Errors;

namespace Qcrypto.Sev.Files;

/// <summary>
/// Reading the files of the SEV tools: public ones (certificates, firmware) into arrays, private ones
/// (tmp_tk.bin, platform keys) into pinned buffers, refusing a private file other users can read
/// unless told otherwise. Failures are <see cref="SevException"/>s in glib's words.
/// </summary>
public static class SevFiles
{
    public const int PrivateMode = 0x180; // 0600
    public const int PublicMode = 0x1a4; // 0644
    public const int PrivateDirectoryMode = 0x1c0; // 0700

    /// <summary>A file that is not secret, read whole.</summary>
    public static byte[] ReadPublic(string path, string what)
    {
        try
        {
            return GlibFile.ReadAll(path);
        }
        catch (GlibFileException e)
        {
            throw new SevException(SevErrorCodes.Input, $"cannot read {what} {path}: {e.Message}", hint: e.Hint, inner: e);
        }
    }

    /// <summary>
    /// Key material (or a secret) read whole into a pinned buffer; a file whose "other" bits allow reading is refused
    /// unless <paramref name="allowWorldReadable"/>. <paramref name="what"/> names the file in the messages.
    /// </summary>
    public static SecretBuffer ReadPrivate(string path, string what, bool allowWorldReadable)
    {
        try
        {
            return GlibFile.ReadSecret(path, status =>
            {
                if (!allowWorldReadable && SecretFile.IsReadableByOthers(status))
                {
                    throw new SevException(SevErrorCodes.KeyFilePermissions,
                        $"Refusing to read {what} {path}: it is readable by other users (mode {Convert.ToString(status.Permissions & 0x1FF, 8).PadLeft(4, '0')})",
                        hint: new Advice($"run 'chmod 600 {path}' (or {{0}})",
                            new ToolAction(ToolTask.AllowWorldReadableFiles, $"allow a world-readable {what} explicitly")));
                }
            });
        }
        catch (GlibFileException e)
        {
            throw new SevException(SevErrorCodes.KeyFile, $"cannot read {what} {path}: {e.Message}", hint: e.Hint, inner: e);
        }
    }

    /// <summary>Whether anything has the name <paramref name="path"/>.</summary>
    public static bool Exists(string path) => PosixFile.Exists(path);

    /// <summary>A directory (made with <paramref name="mode"/> if missing); fails naming strerror.</summary>
    public static void EnsureDirectory(string path, int mode)
    {
        var errno = PosixFile.MakeDirectory(path, mode);
        if (errno == Errno.EEXIST && PosixFile.Stat(path, followSymlinks: true, out var status) == 0 && status.IsDirectory)
        {
            return;
        }

        if (errno != 0)
        {
            throw new SevException(SevErrorCodes.Platform, $"cannot create directory {path}: {PosixFile.StrError(errno)}");
        }
    }
}
