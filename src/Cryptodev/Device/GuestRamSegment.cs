using System.Buffers;

namespace Qcrypto.Cryptodev.Device;

/// <summary>
/// Guest RAM behind a pointer as <see cref="Memory{T}"/>, for <see cref="VirtqueueElement.AddReadable(nint, int)"/> and
/// <see cref="VirtqueueElement.AddWritable(nint, int)"/>: the memory is the emulator's (mapped guest RAM), never freed or
/// moved here; it must stay mapped until the request completes.
/// </summary>
internal sealed unsafe class GuestRamSegment(byte* pointer, int length) : MemoryManager<byte>
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
