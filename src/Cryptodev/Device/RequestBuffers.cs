using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Qcrypto.Cryptodev.Device;

/// <summary>
/// Views of one request's guest segments by offset. A field that lies within one segment is used
/// in place (no copy, no allocation: the hot path); one that straddles segments is gathered into a
/// pooled buffer (inputs) or produced there and scattered afterwards (outputs). Every offset and
/// length is checked against the segments' total before any byte is touched; pooled buffers are
/// zeroed when returned (they held guest data and keys).
/// </summary>
internal ref struct RequestBuffers
{
    private readonly ReadOnlySpan<ReadOnlyMemory<byte>> _in;
    private readonly ReadOnlySpan<Memory<byte>> _out;
    private Scratch _scratch;
    private int _scratchCount;

    public RequestBuffers(VirtqueueElement element)
    {
        _in = element.Readable;
        _out = element.Writable;
        long total = 0;
        foreach (var segment in _in)
        {
            total += segment.Length;
        }

        ReadableLength = total;
        total = 0;
        foreach (var segment in _out)
        {
            total += segment.Length;
        }

        WritableLength = total;
    }

    public long ReadableLength { get; }

    public long WritableLength { get; }

    /// <summary>Copies readable bytes [offset, offset + destination.Length) out; false if they are not all there.</summary>
    public readonly bool TryCopy(long offset, Span<byte> destination)
    {
        if (offset < 0 || offset > ReadableLength - destination.Length)
        {
            return false;
        }

        var copied = 0;
        foreach (var memory in _in)
        {
            if (copied == destination.Length)
            {
                break;
            }

            var segment = memory.Span;
            if (offset >= segment.Length)
            {
                offset -= segment.Length;
                continue;
            }

            var n = (int)Math.Min(segment.Length - offset, destination.Length - copied);
            segment.Slice((int)offset, n).CopyTo(destination[copied..]);
            copied += n;
            offset = 0;
        }

        return true;
    }

    /// <summary>Readable bytes [offset, offset + length), in place when possible; false if out of range.</summary>
    public bool TryRead(long offset, int length, out ReadOnlySpan<byte> span)
    {
        span = default;
        if (length < 0 || offset < 0 || offset > ReadableLength - length)
        {
            return false;
        }

        if (length == 0)
        {
            return true;
        }

        var start = offset;
        foreach (var memory in _in)
        {
            if (start < memory.Length)
            {
                if (start + length <= memory.Length)
                {
                    span = memory.Span.Slice((int)start, length);
                    return true;
                }

                break;
            }

            start -= memory.Length;
        }

        var buffer = Rent(length, -1);
        TryCopy(offset, buffer.AsSpan(0, length));
        span = buffer.AsSpan(0, length);
        return true;
    }

    /// <summary>Writable bytes [offset, offset + length) to produce output in; scattered by <see cref="Finish"/> if gathered.</summary>
    public bool TryWrite(long offset, int length, out Span<byte> span)
    {
        span = default;
        if (length < 0 || offset < 0 || offset > WritableLength - length)
        {
            return false;
        }

        if (length == 0)
        {
            return true;
        }

        var start = offset;
        foreach (var memory in _out)
        {
            if (start < memory.Length)
            {
                if (start + length <= memory.Length)
                {
                    span = memory.Span.Slice((int)start, length);
                    return true;
                }

                break;
            }

            start -= memory.Length;
        }

        var buffer = Rent(length, (int)offset);
        span = buffer.AsSpan(0, length);
        span.Clear();
        return true;
    }

    /// <summary>
    /// Scatters gathered outputs (only the first <paramref name="outputLimit"/> bytes of the writable
    /// area count: the rest were never produced), returns the pooled buffers zeroed, and writes
    /// <paramref name="status"/>, if given, to the last writable byte (QEMU's in-header: the last
    /// byte of the last in-iov). False if there is no writable byte at all.
    /// </summary>
    public bool Finish(long outputLimit, byte? status = null)
    {
        for (var i = 0; i < _scratchCount; i++)
        {
            ref var entry = ref _scratch[i];
            if (entry.OutOffset >= 0)
            {
                var n = (int)Math.Clamp(outputLimit - entry.OutOffset, 0, entry.Length);
                Scatter(entry.OutOffset, entry.Array.AsSpan(0, n));
            }

            CryptographicOperations.ZeroMemory(entry.Array.AsSpan(0, entry.Length));
            ArrayPool<byte>.Shared.Return(entry.Array);
            entry = default;
        }

        _scratchCount = 0;
        if (WritableLength == 0)
        {
            return false;
        }

        var last = _out[^1];
        for (var i = _out.Length - 1; last.IsEmpty && i > 0; i--)
        {
            last = _out[i - 1];
        }

        if (status is { } value)
        {
            last.Span[^1] = value;
        }

        return true;
    }

    /// <summary>Returns pooled buffers without writing anything (a request that will run later).</summary>
    public void Abandon()
    {
        for (var i = 0; i < _scratchCount; i++)
        {
            ref var entry = ref _scratch[i];
            CryptographicOperations.ZeroMemory(entry.Array.AsSpan(0, entry.Length));
            ArrayPool<byte>.Shared.Return(entry.Array);
            entry = default;
        }

        _scratchCount = 0;
    }

    private readonly void Scatter(long offset, ReadOnlySpan<byte> data)
    {
        foreach (var memory in _out)
        {
            if (data.IsEmpty)
            {
                return;
            }

            if (offset >= memory.Length)
            {
                offset -= memory.Length;
                continue;
            }

            var n = (int)Math.Min(memory.Length - offset, data.Length);
            data[..n].CopyTo(memory.Span[(int)offset..]);
            data = data[n..];
            offset = 0;
        }
    }

    private byte[] Rent(int length, int outOffset)
    {
        if (_scratchCount == Scratch.Capacity)
        {
            // Every request shape uses fewer fields than this.
            throw new InvalidOperationException("too many gathered fields in one request");
        }

        var array = ArrayPool<byte>.Shared.Rent(length);
        _scratch[_scratchCount++] = new ScratchEntry(array, length, outOffset);
        return array;
    }

    /// <summary>A pooled buffer: an input gathered (OutOffset -1) or an output to scatter at OutOffset (below max_size, so an int).</summary>
    private readonly record struct ScratchEntry(byte[] Array, int Length, int OutOffset);

    // Zeroed with every request: kept small (a stateless chained request has seven fields).
    [InlineArray(Capacity)]
    private struct Scratch
    {
        public const int Capacity = 8;

        private ScratchEntry _element;
    }
}
