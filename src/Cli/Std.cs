using Qcrypto.Posix;

namespace Qcrypto.Cli;

/// <summary>
/// stdin, stdout and stderr as plain file descriptors (see <see cref="FdStream"/> for why not
/// System.Console or FileStream).
/// </summary>
internal static class Std
{
    private static volatile bool s_readerGone;

    public static Stream OutStream { get; } = new StdWriteStream(1, diagnostic: false);

    public static Stream ErrStream { get; } = new StdWriteStream(2, diagnostic: true);

    public static Stream InStream { get; } = new FdStream(0, canRead: true, canWrite: false);

    public static TextWriter Out { get; } = Writer(OutStream);

    public static TextWriter Err { get; } = Writer(ErrStream);

    /// <summary>
    /// True once a write to stdout or stderr failed with EPIPE: the run ends with exit 141 whatever else happened
    /// (see <see cref="StdWriteStream"/>).
    /// </summary>
    public static bool ReaderGone => s_readerGone;

    public static void MarkReaderGone() => s_readerGone = true;

    // A large buffer: a 1 MiB secret prints as a 1.4 MB line, which should not take a thousand writes.
    // RawText's UTF-8 prints an argument's non-UTF-8 bytes (a Latin-1 path) back as they came, as QEMU does.
    private static StreamWriter Writer(Stream stream) => new(stream, Posix.RawText.Encoding, 65536) { AutoFlush = true, NewLine = "\n" };
}
