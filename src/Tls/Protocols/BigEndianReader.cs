using System.Buffers.Binary;

namespace Qcrypto.Tls.Protocols;

/// <summary>Reads network-byte-order fields one after the other from a span (NBD's messages): no offsets by hand.</summary>
internal ref struct BigEndianReader(ReadOnlySpan<byte> data)
{
    private ReadOnlySpan<byte> _rest = data;

    /// <summary>The bytes not read yet.</summary>
    public readonly ReadOnlySpan<byte> Rest => _rest;

    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16BigEndian(Take(sizeof(ushort)));

    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32BigEndian(Take(sizeof(uint)));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64BigEndian(Take(sizeof(ulong)));

    private ReadOnlySpan<byte> Take(int count)
    {
        var field = _rest[..count];
        _rest = _rest[count..];
        return field;
    }
}

/// <summary>Writes network-byte-order fields one after the other into a span (NBD's messages).</summary>
internal ref struct BigEndianWriter(Span<byte> buffer)
{
    private readonly Span<byte> _buffer = buffer;
    private int _written;

    /// <summary>The bytes written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._written];

    public void WriteUInt32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Take(sizeof(uint)), value);

    public void WriteUInt64(ulong value) => BinaryPrimitives.WriteUInt64BigEndian(Take(sizeof(ulong)), value);

    public void Write(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Take(bytes.Length));

    private Span<byte> Take(int count)
    {
        var field = _buffer.Slice(_written, count);
        _written += count;
        return field;
    }
}
