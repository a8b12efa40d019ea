using Qcrypto.Keys;
using Qcrypto.SecretObjects.Native;

namespace Qcrypto.Objects;

/// <summary>
/// Whole-file reads with the semantics and wording of glib's g_file_get_contents, which QEMU prints
/// after its own prefix ("Unable to read %s: ...", "Cannot read PSK file %s: ..."). The path is a C
/// string (it ends at a NUL), and a file larger than <see cref="MaxLength"/> (an endless device, a
/// wrong path) is refused instead of exhausting memory.
/// </summary>
public static class GlibFile
{
    /// <summary>No secret, key or certificate file is anywhere near this size.</summary>
    public const int MaxLength = 64 << 20;

    /// <summary>Reads key material into a pinned buffer that is zeroed on release.</summary>
    public static SecretBuffer ReadSecret(string path)
    {
        path = AsCString(path);
        try
        {
            if (path.Length == 0)
            {
                // .NET refuses an empty path outright; glib tries to open it and gets ENOENT.
                throw OpenFailed(path, "No such file or directory", null);
            }

            if (Directory.Exists(path))
            {
                throw new GlibFileException($"Error reading file “{path}”: Is a directory");
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
        catch (IOException e) when (e is not GlibFileException)
        {
            throw OpenFailed(path, e.Message, e);
        }
    }

    /// <summary>Reads a file that is not secret (certificates, CRLs, rules) into an ordinary array.</summary>
    public static byte[] ReadAll(string path)
    {
        using var buffer = ReadSecret(path);
        return buffer.Span.ToArray();
    }

    /// <summary>What a C consumer sees of <paramref name="path"/>: everything before the first NUL.</summary>
    public static string AsCString(string path)
    {
        var nul = path.IndexOf('\0', StringComparison.Ordinal);
        return nul < 0 ? path : path[..nul];
    }

    private static SecretBuffer ReadAll(FileStream stream, string path)
    {
        // Pipes and /proc files have no length: grow as needed, zeroing every discarded buffer.
        var capacity = stream.CanSeek ? (int)Math.Min(stream.Length, MaxLength + 1L) : 4096;
        var buffer = SecretBuffer.Allocate(Math.Max(capacity, 1));
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > MaxLength)
                    {
                        throw new GlibFileException($"File “{path}” is too large");
                    }

                    var bigger = SecretBuffer.Allocate((int)Math.Min(buffer.Length * 2L, MaxLength + 1L));
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

            if (length > MaxLength)
            {
                throw new GlibFileException($"File “{path}” is too large");
            }

            buffer.Truncate(length);
            return buffer;
        }
        catch (Exception e)
        {
            buffer.Dispose();
            throw e is GlibFileException or not IOException ? e : new GlibFileException($"Error reading file “{path}”: {e.Message}", e);
        }
    }

    /// <summary>glib's open failure, with the errno open(2) really gives (a file used as a directory is ENOTDIR, ...).</summary>
    private static GlibFileException OpenFailed(string path, string fallback, Exception? inner) =>
        new($"Failed to open file “{path}”: {(path.Length == 0 ? null : Posix.OpenError(path)) ?? fallback}", inner);
}

/// <summary>A file could not be read; the message is glib's.</summary>
public sealed class GlibFileException(string message, Exception? inner = null) : IOException(message, inner);
