using System.Runtime.InteropServices;

namespace Qcrypto.Cli;

/// <summary>
/// A file descriptor as a Stream, with plain read(2)/write(2): stdin/stdout/stderr, and the TCP socket
/// of <see cref="PosixTcp"/>. FileStream would use pwrite at its own cached offset when stdout is a
/// regular file, overwriting what other processes appended to the same file (as a shell redirection of
/// several commands into one file does); the terminal setup of System.Console costs start-up time.
/// A read that times out (SO_RCVTIMEO) fails with "timed out".
/// </summary>
internal sealed partial class FdStream(int fd, bool canRead, bool canWrite, bool ownsFd = false) : Stream
{
    private const int EINTR = 4;
    private const int EAGAIN = 11;

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
                var n = SysRead(_fd, p, (nuint)buffer.Length);
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
                var n = SysWrite(_fd, p + done, (nuint)(buffer.Length - done));
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
            _ = SysClose(fd);
        }

        base.Dispose(disposing);
    }

    private static void ThrowUnlessInterrupted()
    {
        var errno = Marshal.GetLastPInvokeError();
        if (errno != EINTR)
        {
            throw new Posix.PosixException(errno == EAGAIN ? "timed out" : Marshal.GetPInvokeErrorMessage(errno), errno, new System.Net.Sockets.SocketException(errno));
        }
    }

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    private static unsafe partial nint SysRead(int fd, byte* buffer, nuint count);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int SysClose(int fd);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    private static unsafe partial nint SysWrite(int fd, byte* buffer, nuint count);
}
