using Qcrypto.Posix;

namespace Qcrypto.Cli;

/// <summary>
/// stdout or stderr: a write failing with EPIPE marks the reader gone (<see cref="Std.ReaderGone"/>) and throws
/// <see cref="ReaderGoneException"/>; from then on every write to either stream throws it at once, so nothing more
/// is printed. Any other failure of a diagnostic write (stderr full or closed) is ignored: a message that cannot be
/// shown must not turn into another failure. SIGPIPE stays ignored (as .NET sets it): sockets to vanished peers
/// keep failing with EPIPE and their own exit codes.
/// </summary>
internal sealed class StdWriteStream(int fd, bool diagnostic) : Stream
{
    private readonly FdStream _fd = new(fd, canRead: false, canWrite: true);

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        if (Std.ReaderGone)
        {
            throw new ReaderGoneException();
        }

        try
        {
            _fd.Write(buffer);
        }
        catch (PosixException e) when (e.Errno == Errno.EPIPE)
        {
            Std.MarkReaderGone();
            throw new ReaderGoneException();
        }
        catch (PosixException) when (diagnostic)
        {
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();
}
