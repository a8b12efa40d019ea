using Qcrypto.Posix;

namespace Qcrypto.Cli;

/// <summary>
/// stdin, stdout and stderr as plain file descriptors (see <see cref="FdStream"/> for why not
/// System.Console or FileStream).
/// </summary>
internal static class Std
{
    public static Stream OutStream { get; } = Open(1, FileAccess.Write);

    public static Stream ErrStream { get; } = Open(2, FileAccess.Write);

    public static Stream InStream { get; } = Open(0, FileAccess.Read);

    public static TextWriter Out { get; } = Writer(OutStream);

    public static TextWriter Err { get; } = Writer(ErrStream);

    private static FdStream Open(int fd, FileAccess access) => new(fd, canRead: access == FileAccess.Read, canWrite: access == FileAccess.Write);

    // A large buffer: a 1 MiB secret prints as a 1.4 MB line, which should not take a thousand writes.
    // RawText's UTF-8 prints an argument's non-UTF-8 bytes (a Latin-1 path) back as they came, as QEMU does.
    private static StreamWriter Writer(Stream stream) => new(stream, Posix.RawText.Encoding, 65536) { AutoFlush = true, NewLine = "\n" };
}
