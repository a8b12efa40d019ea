using System.Buffers;

namespace Qcrypto.Native.Cryptodev;

/// <summary>A guest buffer (an iovec of the caller's) as <see cref="Memory{T}"/>, without copying.</summary>
internal sealed unsafe class UnmanagedSegment(byte* pointer, int length) : MemoryManager<byte>
{
    public override Span<byte> GetSpan() => new(pointer, length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
