using System.Buffers.Binary;

namespace Qcrypto.Cryptodev.Wire;

/// <summary>
/// Reads little-endian virtio-crypto fields from a span. Every struct's TryRead checks
/// <see cref="Remaining"/> against its whole size first, so the primitives below never see a short
/// buffer; they still go through span indexing (bounds-checked), never through pointers.
/// </summary>
internal ref struct WireReader(ReadOnlySpan<byte> buffer)
{
    private readonly ReadOnlySpan<byte> _buffer = buffer;
    private int _position;

    public readonly int Remaining => _buffer.Length - _position;

    public readonly int Position => _position;

    public bool CanRead(int length) => length >= 0 && Remaining >= length;

    public uint ReadUInt32()
    {
        var value = BinaryPrimitives.ReadUInt32LittleEndian(_buffer.Slice(_position, 4));
        _position += 4;
        return value;
    }

    public ulong ReadUInt64()
    {
        var value = BinaryPrimitives.ReadUInt64LittleEndian(_buffer.Slice(_position, 8));
        _position += 8;
        return value;
    }

    public byte ReadByte() => _buffer[_position++];

    /// <summary>A fixed-size union member (algo_flf, op_flf, ...), read later by its own struct.</summary>
    public ReadOnlySpan<byte> ReadBytes(int length)
    {
        var bytes = _buffer.Slice(_position, length);
        _position += length;
        return bytes;
    }

    /// <summary>Padding and reserved fields: ignored, as the spec says.</summary>
    public void Skip(int length) => _position += length;
}
