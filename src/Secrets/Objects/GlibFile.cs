using Qcrypto.Keys;
using Qcrypto.Posix;

namespace Qcrypto.Objects;

/// <summary>
/// Whole-file reads with the steps and wording of glib's g_file_get_contents, which QEMU prints after
/// its own prefix ("Unable to read %s: ...", "Cannot read PSK file %s: ..."): open(2), fstat(2), then a
/// regular file of known size is read whole (any size a buffer can hold: QEMU reads a 100 MB secret),
/// anything else (a device, a pipe, /proc) until end of file. The path is bytes (<see cref="RawText"/>)
/// and a C string (it ends at a NUL); glib's messages show it as g_filename_display_name does.
/// </summary>
/// <remarks>
/// One deliberate difference: glib reads a file of unknown size until memory runs out (QEMU given
/// file=/dev/zero or /dev/urandom fills the host's memory and fails with "Could not allocate N bytes",
/// or the OOM killer ends it). We stop such a file at <see cref="MaxLength"/> with glib's message for it.
/// </remarks>
public static class GlibFile
{
    /// <summary>The most read from a file whose size is not known in advance (a device, pipe or /proc file).</summary>
    public const int MaxLength = 64 << 20;

    private const int StreamChunk = 4096;

    /// <summary>Reads key material into a pinned buffer that is zeroed on release.</summary>
    public static SecretBuffer ReadSecret(string path) => ReadSecret(path, inspect: null);

    /// <summary>
    /// Reads key material into a pinned buffer that is zeroed on release; <paramref name="inspect"/> sees
    /// the opened file's status before anything is read (and may refuse it by throwing).
    /// </summary>
    public static SecretBuffer ReadSecret(string path, Action<PosixStat>? inspect)
    {
        path = AsCString(path);
        var display = RawText.Display(path);
        var errno = PosixFile.Open(path, PosixFile.ReadOnly | PosixFile.CloseOnExec, 0, out var fd);
        if (errno != 0)
        {
            throw new GlibFileException($"Failed to open file “{display}”: {PosixFile.StrError(errno)}", errno);
        }

        try
        {
            return ReadOpen(fd, display, inspect);
        }
        finally
        {
            PosixFile.Close(fd);
        }
    }

    /// <summary>
    /// Reads an already open descriptor (stdin) to its end the same way, named <paramref name="name"/> in
    /// messages; a pipe stops at <see cref="MaxLength"/> like any file of unknown size.
    /// </summary>
    public static SecretBuffer ReadSecret(int fd, string name) => ReadOpen(fd, name, inspect: null);

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

    private static SecretBuffer ReadOpen(int fd, string display, Action<PosixStat>? inspect)
    {
        var errno = PosixFile.Stat(fd, out var status);
        if (errno != 0)
        {
            throw new GlibFileException($"Failed to get attributes of file “{display}”: fstat() failed: {PosixFile.StrError(errno)}", errno);
        }

        inspect?.Invoke(status);
        return status.Size > 0 && status.IsRegular ? ReadRegular(fd, status.Size, display) : ReadStream(fd, display);
    }

    /// <summary>glib's get_contents_regular: the size fstat gave, read in full (a file that shrank gives less).</summary>
    private static SecretBuffer ReadRegular(int fd, long size, string display)
    {
        var buffer = Allocate(size, display);
        try
        {
            var length = 0;
            while (length < buffer.Length)
            {
                var errno = PosixFile.Read(fd, buffer.WritableSpan[length..], out var n);
                if (errno != 0)
                {
                    throw new GlibFileException($"Failed to read from file “{display}”: {PosixFile.StrError(errno)}", errno);
                }

                if (n == 0)
                {
                    break;
                }

                length += n;
            }

            buffer.Truncate(length);
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>glib's get_contents_stdio: until end of file, the buffer doubling (every discarded one zeroed).</summary>
    private static SecretBuffer ReadStream(int fd, string display)
    {
        var buffer = SecretBuffer.Allocate(StreamChunk);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length >= MaxLength)
                    {
                        if (AtEnd(fd, display))
                        {
                            break;
                        }

                        // glib would double the buffer again, and again, until an allocation fails.
                        throw new GlibFileException($"Could not allocate {buffer.Length * 2L} bytes to read file “{display}”", 0,
                            $"qcrypto reads at most {MaxLength >> 20} MiB from a file of unknown size (a device, pipe or /proc file; QEMU reads until memory runs out): is it the right file?");
                    }

                    var bigger = SecretBuffer.Allocate(buffer.Length * 2);
                    buffer.Span.CopyTo(bigger.WritableSpan);
                    buffer.Dispose();
                    buffer = bigger;
                }

                var errno = PosixFile.Read(fd, buffer.WritableSpan[length..], out var n);
                if (errno != 0)
                {
                    throw new GlibFileException($"Error reading file “{display}”: {PosixFile.StrError(errno)}", errno);
                }

                if (n == 0)
                {
                    break;
                }

                length += n;
            }

            buffer.Truncate(length);
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>Whether a full buffer holds the whole file: one more read finds its end.</summary>
    private static bool AtEnd(int fd, string display)
    {
        Span<byte> probe = stackalloc byte[1];
        var errno = PosixFile.Read(fd, probe, out var n);
        if (errno != 0)
        {
            throw new GlibFileException($"Error reading file “{display}”: {PosixFile.StrError(errno)}", errno);
        }

        probe.Clear();
        return n == 0;
    }

    private static SecretBuffer Allocate(long size, string display)
    {
        // glib allocates size + 1 (for a NUL); a .NET array holds at most Array.MaxLength bytes.
        if (size <= Array.MaxLength)
        {
            try
            {
                return SecretBuffer.Allocate((int)size);
            }
            catch (OutOfMemoryException)
            {
            }
        }

        throw new GlibFileException($"Could not allocate {size + 1} bytes to read file “{display}”", 0);
    }
}

/// <summary>A file could not be read; the message is glib's, <see cref="Errno"/> the failed call's (0 when none failed).</summary>
public sealed class GlibFileException(string message, int errno = 0, string? hint = null) : IOException(message)
{
    public int Errno { get; } = errno;

    /// <summary>What to do about it, when glib's message alone would mislead.</summary>
    public string? Hint { get; } = hint;
}
