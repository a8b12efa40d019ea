using System.Runtime.InteropServices;
using Qcrypto.Interop;

namespace Qcrypto.Posix;

/// <summary>
/// A file descriptor as a Stream, with plain read(2)/write(2): stdin/stdout/stderr, and the TCP socket
/// of <see cref="PosixTcp"/>. FileStream would use pwrite at its own cached offset when stdout is a
/// regular file, overwriting what other processes appended to the same file (as a shell redirection of
/// several commands into one file does); the terminal setup of System.Console costs start-up time.
/// A read that times out (SO_RCVTIMEO) fails with "timed out".
/// </summary>
public sealed class FdStream(int fd, bool canRead, bool canWrite, bool ownsFd = false) : Stream
{
    private int _fd = fd;

    public int Fd => _fd;

    public override bool CanRead => canRead;

    public override bool CanSeek => false;

    public override bool CanWrite => canWrite;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override unsafe int Read(Span<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            while (true)
            {
                var n = Libc.read(_fd, p, (nuint)buffer.Length);
                if (n >= 0)
                {
                    return (int)n;
                }

                ThrowUnlessInterrupted();
            }
        }
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override unsafe void Write(ReadOnlySpan<byte> buffer)
    {
        fixed (byte* p = buffer)
        {
            var done = 0;
            while (done < buffer.Length)
            {
                var n = Libc.write(_fd, p + done, (nuint)(buffer.Length - done));
                if (n >= 0)
                {
                    done += (int)n;
                    continue;
                }

                ThrowUnlessInterrupted();
            }
        }
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        var fd = Interlocked.Exchange(ref _fd, -1);
        if (ownsFd && fd >= 0)
        {
            _ = Libc.close(fd);
        }

        base.Dispose(disposing);
    }

    private static void ThrowUnlessInterrupted()
    {
        var errno = Marshal.GetLastPInvokeError();
        if (errno != Errno.EINTR)
        {
            throw new PosixException(errno == Errno.EAGAIN ? "timed out" : Marshal.GetPInvokeErrorMessage(errno), errno, new System.Net.Sockets.SocketException(errno));
        }
    }
}
