namespace Qcrypto.Objects;

/// <summary>
/// The wording of glib's g_file_get_contents errors, which QEMU prints verbatim after its own prefix
/// ("Unable to read %s: ...", "Cannot read PSK file %s: ..."), for files read with .NET.
/// </summary>
public static class GlibFile
{
    /// <summary>Reads a whole file, turning failures into <see cref="GlibFileException"/> with glib's message.</summary>
    public static byte[] ReadAll(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                throw new GlibFileException($"Error reading file “{path}”: Is a directory");
            }

            return File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not GlibFileException)
        {
            throw new GlibFileException(Message(path, e), e);
        }
    }

    /// <summary>Reads a whole file of key material into a pinned, zeroed-on-release buffer.</summary>
    public static Keys.SecretBuffer ReadSecret(string path)
    {
        try
        {
            if (Directory.Exists(path))
            {
                throw new GlibFileException($"Error reading file “{path}”: Is a directory");
            }

            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
            var buffer = Keys.SecretBuffer.Allocate(checked((int)stream.Length));
            try
            {
                stream.ReadExactly(buffer.WritableSpan);
                return buffer;
            }
            catch
            {
                buffer.Dispose();
                throw;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException && e is not GlibFileException)
        {
            throw new GlibFileException(Message(path, e), e);
        }
    }

    /// <summary>glib's message for a failure to read <paramref name="path"/>.</summary>
    public static string Message(string path, Exception e) => e switch
    {
        GlibFileException g => g.Message,
        UnauthorizedAccessException => $"Failed to open file “{path}”: Permission denied",
        FileNotFoundException or DirectoryNotFoundException => $"Failed to open file “{path}”: No such file or directory",
        _ when Directory.Exists(path) => $"Error reading file “{path}”: Is a directory",
        _ => $"Failed to open file “{path}”: {e.Message}",
    };
}

/// <summary>A file could not be read; the message is glib's.</summary>
public sealed class GlibFileException(string message, Exception? inner = null) : IOException(message, inner);
