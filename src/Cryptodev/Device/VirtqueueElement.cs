namespace Qcrypto.Cryptodev.Device;

/// <summary>
/// One request as the guest laid it out in its descriptor chain (QEMU's VirtQueueElement): the
/// device-readable segments (out_sg) followed by the device-writable ones (in_sg), each a view of
/// guest memory. Reusable: an emulator keeps a pool of these and <see cref="Clear"/>s them. The
/// segments must stay valid until the request completes (a throttled request completes later).
/// </summary>
public sealed class VirtqueueElement
{
    private ReadOnlyMemory<byte>[] _readable;
    private Memory<byte>[] _writable;

    /// <summary>The device's pooled buffers for the request in flight (see RequestBuffers); reused by the element's next requests.</summary>
    internal ScratchBuffer[]? Scratch;

    public VirtqueueElement(int capacity = 8)
    {
        _readable = new ReadOnlyMemory<byte>[capacity];
        _writable = new Memory<byte>[capacity];
    }

    public int ReadableCount { get; private set; }

    public int WritableCount { get; private set; }

    /// <summary>The emulator's own handle for the element (its descriptor head index, say).</summary>
    public object? Token { get; set; }

    public ReadOnlySpan<ReadOnlyMemory<byte>> Readable => _readable.AsSpan(0, ReadableCount);

    public ReadOnlySpan<Memory<byte>> Writable => _writable.AsSpan(0, WritableCount);

    public VirtqueueElement AddReadable(ReadOnlyMemory<byte> segment)
    {
        if (ReadableCount == _readable.Length)
        {
            Array.Resize(ref _readable, _readable.Length * 2);
        }

        _readable[ReadableCount++] = segment;
        return this;
    }

    public VirtqueueElement AddWritable(Memory<byte> segment)
    {
        if (WritableCount == _writable.Length)
        {
            Array.Resize(ref _writable, _writable.Length * 2);
        }

        _writable[WritableCount++] = segment;
        return this;
    }

    /// <summary>A device-readable segment of guest RAM at <paramref name="address"/> (mapped by the emulator), <paramref name="length"/> bytes.</summary>
    public VirtqueueElement AddReadable(nint address, int length) => AddReadable(Segment(address, length).Memory);

    /// <summary>A device-writable segment of guest RAM at <paramref name="address"/> (mapped by the emulator), <paramref name="length"/> bytes.</summary>
    public VirtqueueElement AddWritable(nint address, int length) => AddWritable(Segment(address, length).Memory);

    public void Clear()
    {
        Array.Clear(_readable, 0, ReadableCount);
        Array.Clear(_writable, 0, WritableCount);
        ReadableCount = 0;
        WritableCount = 0;
        Token = null;
    }

    private static unsafe GuestRamSegment Segment(nint address, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (address == 0 && length != 0)
        {
            throw new ArgumentNullException(nameof(address));
        }

        return new GuestRamSegment((byte*)address, length);
    }
}
