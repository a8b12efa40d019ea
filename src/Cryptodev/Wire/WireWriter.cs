using System.Buffers.Binary;

namespace Qcrypto.Cryptodev.Wire;

/// <summary>
/// Writes little-endian virtio-crypto fields into a span (the device's outcomes, the config space,
/// and the driver-side request builder). Padding is written as zeros.
/// </summary>
internal ref struct WireWriter(Span<byte> buffer)
{
    private readonly Span<byte> _buffer = buffer;
    private int _position;

    public readonly int Position => _position;

    public void WriteUInt32(uint value)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(_buffer.Slice(_position, 4), value);
        _position += 4;
    }

    public void WriteUInt64(ulong value)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.Slice(_position, 8), value);
        _position += 8;
    }

    public void WriteByte(byte value) => _buffer[_position++] = value;

    public void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer[_position..]);
        _position += bytes.Length;
    }

    public void WriteZeros(int length)
    {
        _buffer.Slice(_position, length).Clear();
        _position += length;
    }

    /// <summary>Pads with zeros up to <paramref name="position"/> (a fixed-size union or a legacy header).</summary>
    public void PadTo(int position) => WriteZeros(position - _position);
}
