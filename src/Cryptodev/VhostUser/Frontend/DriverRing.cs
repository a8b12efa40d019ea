using Qcrypto.Cryptodev.VhostUser.Virtqueue;

namespace Qcrypto.Cryptodev.VhostUser.Frontend;

/// <summary>
/// The driver side of one split ring in our own shared memory: descriptor i is slot i's head (an
/// indirect descriptor pointing at the slot's table), so a request takes exactly one descriptor.
/// EVENT_IDX both ways: we kick only when the device asked for it (avail_event) and ask to be
/// called only past what we reaped (used_event).
/// </summary>
internal sealed unsafe class DriverRing
{
    private readonly int _num;
    private readonly byte* _desc;
    private readonly byte* _avail;
    private readonly byte* _used;
    private ushort _availIdx;
    private ushort _kickedAt;
    private ushort _lastUsed;

    public DriverRing(int num, byte* desc, byte* avail, byte* used)
    {
        _num = num;
        _desc = desc;
        _avail = avail;
        _used = used;
        new Span<byte>(desc, (int)VringLayout.DescriptorTableSize(num)).Clear();
        new Span<byte>(avail, (int)VringLayout.AvailSize(num)).Clear();
        new Span<byte>(used, (int)VringLayout.UsedSize(num)).Clear();
    }

    public ushort AvailIndex => _availIdx;

    public ushort LastUsed => _lastUsed;

    /// <summary>Writes descriptor <paramref name="index"/>.</summary>
    public void SetDescriptor(int index, ulong address, uint length, ushort flags, ushort next = 0)
    {
        var d = _desc + (index * VringLayout.DescriptorSize);
        *(ulong*)d = address;
        *(uint*)(d + 8) = length;
        *(ushort*)(d + 12) = flags;
        *(ushort*)(d + 14) = next;
    }

    /// <summary>Offers head <paramref name="head"/> (visible at the next <see cref="Publish"/>).</summary>
    public void Add(ushort head)
    {
        *(ushort*)(_avail + 4 + (2 * (_availIdx % _num))) = head;
        _availIdx++;
    }

    /// <summary>Publishes the added heads; true when the device wants a kick for them.</summary>
    public bool Publish()
    {
        Volatile.Write(ref *(ushort*)(_avail + 2), _availIdx);
        Interlocked.MemoryBarrier();
        var availEvent = Volatile.Read(ref *(ushort*)(_used + 4 + (8 * _num)));
        var old = _kickedAt;
        _kickedAt = _availIdx;
        return VringLayout.NeedEvent(availEvent, _availIdx, old);
    }

    /// <summary>The next used entry, if the device returned one.</summary>
    public bool TryTakeUsed(out ushort head, out uint length)
    {
        head = 0;
        length = 0;
        if (Volatile.Read(ref *(ushort*)(_used + 2)) == _lastUsed)
        {
            return false;
        }

        var entry = _used + 4 + (8 * (_lastUsed % _num));
        head = (ushort)*(uint*)entry;
        length = *(uint*)(entry + 4);
        _lastUsed++;
        return true;
    }

    /// <summary>Asks to be called for anything past what was taken, then looks again: true when more came meanwhile.</summary>
    public bool ArmAndCheck()
    {
        Volatile.Write(ref *(ushort*)(_avail + 4 + (2 * _num)), _lastUsed);
        Interlocked.MemoryBarrier();
        return Volatile.Read(ref *(ushort*)(_used + 2)) != _lastUsed;
    }
}
