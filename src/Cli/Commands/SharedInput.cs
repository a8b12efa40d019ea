using System.Collections.Concurrent;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// One reader of stdin for a server that serves clients one after another: what stdin gives goes to the client being
/// served (or waits for the next one), never to a finished client's leftover reader.
/// </summary>
internal sealed class SharedInput(Stream input)
{
    private readonly BlockingCollection<byte[]> _chunks = new(boundedCapacity: 4);
    private Thread? _reader;
    private volatile Exception? _error;

    /// <summary>A view for one client: its reads block until stdin gives data, stdin ends, or the token is cancelled.</summary>
    public Stream ForClient(CancellationToken cancel)
    {
        _reader ??= StartReader();
        return new View(this, cancel);
    }

    private Thread StartReader()
    {
        var thread = new Thread(ReadAll) { IsBackground = true, Name = "stdin" };
        thread.Start();
        return thread;
    }

    private void ReadAll()
    {
        var buffer = new byte[16384];
        try
        {
            int n;
            while ((n = input.Read(buffer)) > 0)
            {
                _chunks.Add(buffer[..n]);
            }
        }
        catch (Exception e)
        {
            _error = e;
        }
        finally
        {
            _chunks.CompleteAdding();
        }
    }

    private sealed class View(SharedInput owner, CancellationToken cancel) : Stream
    {
        private ReadOnlyMemory<byte> _left;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(Span<byte> buffer)
        {
            if (_left.IsEmpty)
            {
                // Throws OperationCanceledException once the client is done: the pump's writer then just stops.
                if (!owner._chunks.TryTake(out var chunk, Timeout.Infinite, cancel))
                {
                    return owner._error is { } e ? throw new IOException(e.Message, e) : 0;
                }

                _left = chunk;
            }

            var n = Math.Min(buffer.Length, _left.Length);
            _left.Span[..n].CopyTo(buffer);
            _left = _left[n..];
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
