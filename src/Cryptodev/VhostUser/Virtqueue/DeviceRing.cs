using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.VhostUser.Memory;
using Qcrypto.Cryptodev.VhostUser.Protocol;

namespace Qcrypto.Cryptodev.VhostUser.Virtqueue;

/// <summary>
/// The device side of one split virtqueue in guest memory: takes available chains, returns used
/// ones. The ring structures were checked to lie wholly inside the memory table when the ring was
/// set up; indices read from guest memory are used modulo the queue size, and an avail index that
/// jumps more than the queue size is a fault. avail_event is always kept up to date (a Linux guest
/// negotiates EVENT_IDX with QEMU's device even when QEMU does not tell us), and the driver's
/// interrupt suppression is honoured.
/// </summary>
internal sealed unsafe class DeviceRing
{
    private readonly GuestMemory _memory;
    private readonly int _num;
    private readonly byte* _desc;
    private readonly byte* _avail;
    private readonly byte* _used;
    private readonly bool _eventIdx;
    private ushort _lastAvail;
    private ushort _usedIdx;
    private ushort _signalled;

    private DeviceRing(GuestMemory memory, int num, byte* desc, byte* avail, byte* used, ushort lastAvail, bool eventIdx)
    {
        _memory = memory;
        _num = num;
        _desc = desc;
        _avail = avail;
        _used = used;
        _lastAvail = lastAvail;
        _eventIdx = eventIdx;
        _usedIdx = Volatile.Read(ref *(ushort*)(used + 2));
        _signalled = _usedIdx;
    }

    public int Size => _num;

    /// <summary>Why the last <see cref="TryPop"/> returned false, if not because the ring was empty.</summary>
    public VirtqueueFault LastFault { get; private set; }

    /// <summary>The next avail index to take (GET_VRING_BASE's answer).</summary>
    public ushort LastAvail => _lastAvail;

    /// <summary>Maps a ring from its SET_VRING_ADDR user addresses; null with the reason when any part is outside memory or misaligned.</summary>
    public static DeviceRing? Create(GuestMemory memory, int num, in VringAddress address, ushort lastAvail, bool eventIdx, out string? error)
    {
        error = null;
        if (address.Descriptor % VringLayout.DescriptorAlign != 0 || address.Available % VringLayout.AvailAlign != 0 || address.Used % VringLayout.UsedAlign != 0)
        {
            error = $"vring {address.Index}: misaligned ring addresses";
            return null;
        }

        if (!memory.TryUser(address.Descriptor, VringLayout.DescriptorTableSize(num), out var desc)
            || !memory.TryUser(address.Available, VringLayout.AvailSize(num), out var avail)
            || !memory.TryUser(address.Used, VringLayout.UsedSize(num), out var used))
        {
            error = $"vring {address.Index}: ring addresses outside the memory table";
            return null;
        }

        return new DeviceRing(memory, num, desc, avail, used, lastAvail, eventIdx);
    }

    /// <summary>
    /// Takes the next available chain into <paramref name="element"/>. False when the ring is empty
    /// or broken (<paramref name="fault"/> set); the head is consumed either way once read.
    /// </summary>
    public bool TryPop(VirtqueueElement element, out ushort head, out VirtqueueFault fault)
    {
        head = 0;
        fault = VirtqueueFault.None;
        var availIdx = Volatile.Read(ref *(ushort*)(_avail + 2));
        if (availIdx == _lastAvail)
        {
            return false;
        }

        if ((ushort)(availIdx - _lastAvail) > _num)
        {
            fault = LastFault = VirtqueueFault.AvailIndexJump;
            return false;
        }

        // The acquire read of idx orders the entry read after it.
        head = Volatile.Read(ref *(ushort*)(_avail + 4 + (2 * (_lastAvail % _num))));
        _lastAvail++;
        fault = LastFault = DescriptorWalker.Walk(_memory, _desc, _num, head, element);
        return fault == VirtqueueFault.None;
    }

    /// <summary>Puts one used element (visible to the driver at the next <see cref="Publish"/>).</summary>
    public void Push(ushort head, uint length)
    {
        var entry = _used + 4 + (8 * (_usedIdx % _num));
        *(uint*)entry = head;
        *(uint*)(entry + 4) = length;
        _usedIdx++;
    }

    /// <summary>Makes the pushed entries visible: the idx store is a release after the entries.</summary>
    public void Publish() => Volatile.Write(ref *(ushort*)(_used + 2), _usedIdx);

    /// <summary>
    /// Tells the driver to kick for anything after what we took (avail_event), then checks again:
    /// true when more chains arrived meanwhile (keep going instead of waiting for a kick).
    /// </summary>
    public bool ArmAndCheck()
    {
        Volatile.Write(ref *(ushort*)(_used + 4 + (8 * _num)), _lastAvail);
        Interlocked.MemoryBarrier();
        return Volatile.Read(ref *(ushort*)(_avail + 2)) != _lastAvail;
    }

    /// <summary>Whether the driver wants an interrupt for what was published since the last one.</summary>
    public bool ShouldSignal()
    {
        Interlocked.MemoryBarrier();
        var old = _signalled;
        _signalled = _usedIdx;
        if (old == _usedIdx)
        {
            return false;
        }

        if (_eventIdx)
        {
            var usedEvent = Volatile.Read(ref *(ushort*)(_avail + 4 + (2 * _num)));
            return VringLayout.NeedEvent(usedEvent, _usedIdx, old);
        }

        return (Volatile.Read(ref *(ushort*)_avail) & VringLayout.AvailNoInterrupt) == 0;
    }
}
