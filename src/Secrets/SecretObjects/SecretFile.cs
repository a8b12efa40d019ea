using Qcrypto.Errors;
using Qcrypto.SecretObjects.Native;
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
        if (path.Length == 0)
        {
            // .NET refuses an empty path outright; glib tries to open it and gets ENOENT.
            throw Failed(path, $"Failed to open file “{path}”: {Posix.OpenError(path) ?? "No such file or directory"}", null);
        }

        try
        {
            if (Directory.Exists(path))
            {
                throw Failed(path, $"Error reading file “{path}”: Is a directory", null);
            }

            if (refuseWorldReadable && IsReadableByOthers(path, out var mode))
            {
                throw new SecretException(ErrorCodes.SecretFilePermissions,
                    $"Refusing to read secret file {path}: it is readable by other users (mode {Convert.ToString((int)mode & 0x1FF, 8).PadLeft(4, '0')})",
                    property: "file",
                    hint: $"run 'chmod o-rwx {path}' (or allow world-readable secret files explicitly)");
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1, FileOptions.SequentialScan);
            return ReadAll(stream, path);
        }
        catch (UnauthorizedAccessException e)
        {
            throw OpenFailed(path, "Permission denied", e);
        }
        catch (FileNotFoundException e)
        {
            throw OpenFailed(path, "No such file or directory", e);
        }
        catch (DirectoryNotFoundException e)
        {
            throw OpenFailed(path, "No such file or directory", e);
        }
        catch (IOException e)
        {
            throw OpenFailed(path, e.Message, e);
        }
    }

    /// <summary>glib's open failure, with the errno open(2) really gives (a file used as a directory is ENOTDIR, ...).</summary>
    private static SecretException OpenFailed(string path, string fallback, Exception inner) =>
        Failed(path, $"Failed to open file “{path}”: {Posix.OpenError(path) ?? fallback}", inner);

    /// <summary>True if the "other" permission bits allow reading (group access is fine: root:qemu 0640).</summary>
    public static bool IsReadableByOthers(string path, out UnixFileMode mode)
    {
        mode = File.GetUnixFileMode(path);
        return (mode & UnixFileMode.OtherRead) != 0;
    }

    private static SecretBuffer ReadAll(FileStream stream, string path)
    {
        // Pipes and /proc files have no length: grow as needed, zeroing every discarded buffer.
        var capacity = stream.CanSeek ? (int)Math.Min(stream.Length, Array.MaxLength) : 4096;
        var buffer = SecretBuffer.Allocate(Math.Max(capacity, 1));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    var bigger = SecretBuffer.Allocate(checked(buffer.Length * 2));
                    buffer.Span.CopyTo(bigger.WritableSpan);
                    buffer.Dispose();
                    buffer = bigger;
                }

                var n = stream.Read(buffer.WritableSpan[length..]);
                if (n == 0)
                {
                    break;
                }

                length += n;
            }

            buffer.Truncate(length);
            return buffer;
        }
        catch (IOException e)
        {
            buffer.Dispose();
            throw Failed(path, $"Error reading file “{path}”: {e.Message}", e);
        }
    }

    private static SecretException Failed(string path, string glibMessage, Exception? inner) =>
        new(ErrorCodes.SecretRead, $"Unable to read {path}: {glibMessage}", property: "file", inner: inner);
}
