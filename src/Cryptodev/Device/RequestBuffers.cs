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
/// <remarks>
/// Built for every request, so it is kept small: the list of pooled buffers lives in the
/// <see cref="VirtqueueElement"/> (allocated the first time one of its requests needs it), not here.
/// </remarks>
internal ref struct RequestBuffers
{
    private readonly VirtqueueElement _element;
    private readonly ReadOnlySpan<ReadOnlyMemory<byte>> _in;
    private readonly ReadOnlySpan<Memory<byte>> _out;

    // The first readable segment: every driver puts the header (and usually the fixed part and IV)
    // there, so most reads are a slice of it without walking the segment list.
    private readonly ReadOnlySpan<byte> _in0;
    private long _readableLength;
    private long _writableLength;
    private int _scratchCount;

    public RequestBuffers(VirtqueueElement element)
    {
        _element = element;
        _in = element.Readable;
        _out = element.Writable;
        _in0 = _in.Length > 0 ? _in[0].Span : default;
        _readableLength = -1;
        _writableLength = -1;
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

    /// <summary>Readable bytes [offset, offset + length), in place when they lie in one segment, else gathered into a pooled buffer; false if the segments end before.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryRead(long offset, int length, out ReadOnlySpan<byte> span)
    {
        if ((ulong)offset + (uint)length <= (ulong)_in0.Length && length >= 0)
        {
            span = _in0.Slice((int)offset, length);
            return true;
        }

        return TryReadSlow(offset, length, out span);
    }

    /// <summary>
    /// Where to produce <paramref name="length"/> bytes of output that go to writable offset
    /// <paramref name="offset"/>. <paramref name="fitsBeforeStatus"/> says whether they fit before
    /// the status byte; when they do not, the span is a pooled buffer that is never copied out (the
    /// operation still runs, and the caller reports the misfit only if it succeeded, as QEMU does).
    /// In place when the area lies in one segment and <paramref name="staged"/> is false; otherwise
    /// pooled and scattered by <see cref="Finish"/> (staged: for operations that may fail after
    /// writing, so that a failure leaves guest memory untouched). The caller has checked that the
    /// last writable segment is not empty (the status byte is its last byte).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public Span<byte> Output(long offset, int length, bool staged, out bool fitsBeforeStatus)
    {
        // The hot case: the area ends inside the first writable segment, or at its end with the
        // status byte in a later one.
        var first = _out[0];
        var end = offset + length;
        if (!staged && (end < first.Length || (end == first.Length && _out.Length > 1)))
        {
            fitsBeforeStatus = true;
            return first.Span.Slice((int)offset, length);
        }

        return OutputSlow(offset, length, staged, out fitsBeforeStatus);
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
    /// buffers zeroed, and writes <paramref name="status"/> to the last writable byte (QEMU's
    /// in-header: the last byte of the last in-iov). False if there is no writable byte at all.
    /// </summary>
    public bool Finish(long outputLimit, byte status)
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
                segment.Span[^1] = status;
                return true;
            }
        }

        return false;
    }

    /// <summary>Copies <paramref name="data"/> to writable offset 0 (the control queue's outcome) and returns the pooled buffers; false, writing nothing, if it does not fit.</summary>
    public bool TryWriteOutcome(scoped ReadOnlySpan<byte> data)
    {
        Abandon();
        if (WritableLength < data.Length)
        {
            return false;
        }

        Scatter(0, data);
        return true;
    }

    /// <summary>Returns pooled buffers without writing anything (a request that will run later, or a control request).</summary>
    public void Abandon()
    {
        if (_scratchCount > 0)
        {
            ReturnScratch(0);
        }
    }

    private bool TryReadSlow(long offset, int length, out ReadOnlySpan<byte> span)
    {
        span = default;
        if (length < 0 || offset < 0)
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

        if (offset > ReadableLength - length)
        {
            return false;
        }

        var buffer = Rent(length, -1);
        Copy(offset, buffer.AsSpan(0, length));
        span = buffer.AsSpan(0, length);
        return true;
    }

    private Span<byte> OutputSlow(long offset, int length, bool staged, out bool fitsBeforeStatus)
    {
        fitsBeforeStatus = offset + length <= WritableLength - 1;
        if (fitsBeforeStatus && !staged)
        {
            var start = offset;
            foreach (var memory in _out)
            {
                if (start < memory.Length)
                {
                    if (start + length <= memory.Length)
                    {
                        return memory.Span.Slice((int)start, length);
                    }

                    break;
                }

                start -= memory.Length;
            }
        }

        var span = Rent(length, fitsBeforeStatus ? (int)offset : -1).AsSpan(0, length);
        span.Clear();
        return span;
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

    private readonly void Scatter(long offset, scoped ReadOnlySpan<byte> data)
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
        var scratch = _element.Scratch!;
        for (var i = 0; i < _scratchCount; i++)
        {
            ref var entry = ref scratch[i];
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
        ref var scratch = ref _element.Scratch;
        if (scratch is null || _scratchCount == scratch.Length)
        {
            // At most a dozen per request (a stateless chained request: header, fixed part, five
            // variable fields, two outputs); kept with the element for its next requests.
            Array.Resize(ref scratch, Math.Max(4, _scratchCount * 2));
        }

        var array = ArrayPool<byte>.Shared.Rent(length);
        scratch[_scratchCount++] = new ScratchBuffer(array, length, outOffset);
        return array;
    }
}

/// <summary>A pooled buffer of one request: an input gathered or an output dropped (OutOffset -1), or an output to scatter at OutOffset (below max_size, so an int).</summary>
internal readonly record struct ScratchBuffer(byte[] Array, int Length, int OutOffset);
