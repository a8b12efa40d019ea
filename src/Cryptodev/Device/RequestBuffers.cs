using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;

namespace Qcrypto.Cryptodev.Device;

/// <summary>
/// Views of one request's guest segments by offset. A field that lies within one segment is used
/// in place (no copy, no allocation: the hot path); one that straddles segments is gathered into a
/// pooled buffer (inputs) or produced there and scattered afterwards (outputs). Every offset and
/// length is checked against the segments before any byte is touched; pooled buffers are zeroed
/// when returned (they held guest data and keys). Outputs reach guest memory only as far as
/// <see cref="Finish"/>'s limit says: a failed operation writes nothing but its status (QEMU copies
/// results out only for VIRTIO_CRYPTO_OK).
/// </summary>
internal ref struct RequestBuffers
{
    private readonly ReadOnlySpan<ReadOnlyMemory<byte>> _in;
    private readonly ReadOnlySpan<Memory<byte>> _out;

    // The first readable segment: every driver puts the header (and usually the fixed part and IV)
    // there, so most reads are a slice of it without walking the segment list.
    private readonly ReadOnlySpan<byte> _in0;
    private long _readableLength = -1;
    private long _writableLength = -1;
    private Scratch _scratch;
    private int _scratchCount;

    public RequestBuffers(VirtqueueElement element)
    {
        _in = element.Readable;
        _out = element.Writable;
        _in0 = _in.Length > 0 ? _in[0].Span : default;
    }

    /// <summary>No readable or no writable segment (QEMU: "missing headers").</summary>
    public readonly bool MissingSegments => _in.IsEmpty || _out.IsEmpty;

    /// <summary>The last writable segment is empty: QEMU's in-header (the status byte) does not fit it.</summary>
    public readonly bool LastWritableEmpty => _out.IsEmpty || _out[^1].IsEmpty;

    public long ReadableLength
    {
        get
        {
            if (_readableLength < 0)
            {
                long total = 0;
                foreach (var segment in _in)
                {
                    total += segment.Length;
                }

                _readableLength = total;
            }

            return _readableLength;
        }
    }

    public long WritableLength
    {
        get
        {
            if (_writableLength < 0)
            {
                long total = 0;
                foreach (var segment in _out)
                {
                    total += segment.Length;
                }

                _writableLength = total;
            }

            return _writableLength;
        }
    }

    /// <summary>How many readable bytes there are from <paramref name="offset"/> on (QEMU's iov_to_buf count), at most <paramref name="wanted"/>.</summary>
    public long Available(long offset, long wanted) => Math.Clamp(ReadableLength - offset, 0, wanted);

    /// <summary>True if the readable segments hold at least <paramref name="length"/> bytes.</summary>
    public bool HasReadable(long length) => length <= _in0.Length || length <= ReadableLength;

    /// <summary>Readable bytes [offset, offset + length), in place when possible, else copied into <paramref name="gather"/> (which must be long enough).</summary>
    public bool TryRead(long offset, int length, Span<byte> gather, out ReadOnlySpan<byte> span)
    {
        if (offset >= 0 && length >= 0 && offset + length <= _in0.Length)
        {
            span = _in0.Slice((int)offset, length);
            return true;
        }

        span = default;
        if (length < 0 || offset < 0 || offset > ReadableLength - length)
        {
            return false;
        }

        if (TryInPlace(offset, length, out span))
        {
            return true;
        }

        Copy(offset, gather[..length]);
        span = gather[..length];
        return true;
    }

    /// <summary>Readable bytes [offset, offset + length), in place when possible, else gathered into a pooled buffer; false if out of range.</summary>
    public bool TryRead(long offset, int length, out ReadOnlySpan<byte> span)
    {
        if (offset >= 0 && length >= 0 && offset + length <= _in0.Length)
        {
            span = _in0.Slice((int)offset, length);
            return true;
        }

        span = default;
        if (length < 0 || offset < 0 || offset > ReadableLength - length)
        {
            return false;
        }

        if (TryInPlace(offset, length, out span))
        {
            return true;
        }

        var buffer = Rent(length, -1);
        Copy(offset, buffer.AsSpan(0, length));
        span = buffer.AsSpan(0, length);
        return true;
    }

    /// <summary>
    /// Where to produce <paramref name="length"/> bytes of output that go to writable offset
    /// <paramref name="offset"/>. <paramref name="fitsBeforeStatus"/> says whether they fit before the status
    /// byte; when they do not, the span is a pooled buffer that is never copied out (the operation
    /// still runs, and the caller reports the misfit only if it succeeded, as QEMU does). In place
    /// when the area lies in one segment and <paramref name="staged"/> is false; otherwise pooled
    /// and scattered by <see cref="Finish"/> (staged: for operations that may fail after writing, so
    /// that a failure leaves guest memory untouched).
    /// </summary>
    public Span<byte> Output(long offset, int length, bool staged, out bool fitsBeforeStatus)
    {
        var end = offset + length;
        var first = _out.IsEmpty ? default : _out[0];

        // The hot case: the area ends inside the first writable segment, and the status byte (the
        // last byte of the last segment, which the caller checked is not empty) comes after it.
        bool fits;
        if (end < first.Length || (end == first.Length && _out.Length > 1 && !LastWritableEmpty))
        {
            fits = true;
            if (!staged)
            {
                fitsBeforeStatus = true;
                return first.Span.Slice((int)offset, length);
            }
        }
        else
        {
            fits = end <= WritableLength - 1;
        }

        if (fits && !staged && TryInPlaceOutput(offset, length, out var span))
        {
            fitsBeforeStatus = true;
            return span;
        }

        fitsBeforeStatus = fits;
        var buffer = Rent(length, fits ? (int)offset : -1);
        span = buffer.AsSpan(0, length);
        span.Clear();
        return span;
    }

    /// <summary>A pooled buffer for output that goes to writable offset <paramref name="offset"/> if the request succeeds and it fits (<see cref="FitsBeforeStatus"/>).</summary>
    public Span<byte> Staged(long offset, int length)
    {
        var span = Rent(length, (int)Math.Min(offset, int.MaxValue)).AsSpan(0, length);
        span.Clear();
        return span;
    }

    /// <summary>True if writable bytes [0, <paramref name="end"/>) lie before the status byte.</summary>
    public bool FitsBeforeStatus(long end) => end <= WritableLength - 1;

    /// <summary>
    /// Scatters gathered outputs (only the first <paramref name="outputLimit"/> bytes of the writable
    /// area count: the rest were never produced, or belong to a failed operation), returns the pooled
    /// buffers zeroed, and writes <paramref name="status"/>, if given, to the last writable byte
    /// (QEMU's in-header: the last byte of the last in-iov). False if there is no writable byte at all.
    /// </summary>
    public bool Finish(long outputLimit, byte? status = null)
    {
        if (_scratchCount > 0)
        {
            ReturnScratch(outputLimit);
        }

        for (var i = _out.Length - 1; i >= 0; i--)
        {
            var segment = _out[i];
            if (!segment.IsEmpty)
            {
                if (status is { } value)
                {
                    segment.Span[^1] = value;
                }

                return true;
            }
        }

        return false;
    }

    /// <summary>Copies <paramref name="data"/> to writable offset 0 (the control queue's outcome); false if it does not fit.</summary>
    public readonly bool TryWriteOutcome(ReadOnlySpan<byte> data)
    {
        if (WritableTotal() < data.Length)
        {
            return false;
        }

        Scatter(0, data);
        return true;
    }

    /// <summary>Returns pooled buffers without writing anything (a request that will run later).</summary>
    public void Abandon()
    {
        if (_scratchCount > 0)
        {
            ReturnScratch(0);
        }
    }

    private readonly long WritableTotal()
    {
        if (_writableLength >= 0)
        {
            return _writableLength;
        }

        long total = 0;
        foreach (var segment in _out)
        {
            total += segment.Length;
        }

        return total;
    }

    private readonly bool TryInPlace(long offset, int length, out ReadOnlySpan<byte> span)
    {
        foreach (var memory in _in)
        {
            if (offset < memory.Length)
            {
                if (offset + length <= memory.Length)
                {
                    span = memory.Span.Slice((int)offset, length);
                    return true;
                }

                break;
            }

            offset -= memory.Length;
        }

        span = default;
        return length == 0;
    }

    private readonly bool TryInPlaceOutput(long offset, int length, out Span<byte> span)
    {
        foreach (var memory in _out)
        {
            if (offset < memory.Length)
            {
                if (offset + length <= memory.Length)
                {
                    span = memory.Span.Slice((int)offset, length);
                    return true;
                }

                break;
            }

            offset -= memory.Length;
        }

        span = default;
        return length == 0;
    }

    /// <summary>Copies readable bytes from <paramref name="offset"/> (the caller checked they are all there).</summary>
    private readonly void Copy(long offset, Span<byte> destination)
    {
        var copied = 0;
        foreach (var memory in _in)
        {
            if (copied == destination.Length)
            {
                break;
            }

            if (offset >= memory.Length)
            {
                offset -= memory.Length;
                continue;
            }

            var n = (int)Math.Min(memory.Length - offset, destination.Length - copied);
            memory.Span.Slice((int)offset, n).CopyTo(destination[copied..]);
            copied += n;
            offset = 0;
        }
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

    private void ReturnScratch(long outputLimit)
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

    /// <summary>A pooled buffer: an input gathered or an output dropped (OutOffset -1), or an output to scatter at OutOffset (below max_size, so an int).</summary>
    private readonly record struct ScratchEntry(byte[] Array, int Length, int OutOffset);

    // Zeroed with every request: kept small (a stateless chained request has seven variable fields
    // and two outputs; the header and fixed part are gathered on the stack).
    [InlineArray(Capacity)]
    private struct Scratch
    {
        public const int Capacity = 9;

        private ScratchEntry _element;
    }
}
