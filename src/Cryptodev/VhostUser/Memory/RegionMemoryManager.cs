using System.Buffers;

namespace Qcrypto.Cryptodev.VhostUser.Memory;

/// <summary>
/// A window (at most 1 GiB) of a shared mapping as <see cref="Memory{T}"/>, so guest buffers become
/// <see cref="Device.VirtqueueElement"/> segments without copying or allocating per request. The
/// mapping outlives every segment handed out: the owner unmaps only after the queues stopped.
/// </summary>
internal sealed unsafe class RegionMemoryManager : MemoryManager<byte>
{
    /// <summary>The window size: Memory's int length cannot span a whole large region.</summary>
    public const int WindowSize = 1 << 30;

    private readonly byte* _pointer;
    private readonly int _length;

    public RegionMemoryManager(byte* pointer, int length)
    {
        _pointer = pointer;
        _length = length;
    }

    public byte* Pointer => _pointer;

    public int Length => _length;

    public override Span<byte> GetSpan() => new(_pointer, _length);

    public override MemoryHandle Pin(int elementIndex = 0) => new(_pointer + elementIndex);

    public override void Unpin()
    {
    }

    protected override void Dispose(bool disposing)
    {
    }
}
