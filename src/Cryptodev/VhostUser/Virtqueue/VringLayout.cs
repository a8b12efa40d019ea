namespace Qcrypto.Cryptodev.VhostUser.Virtqueue;

/// <summary>The split virtqueue's layout (virtio 1.x §2.7): sizes, offsets and flag bits.</summary>
internal static class VringLayout
{
    /// <summary>The largest queue size a split ring may have.</summary>
    public const int MaxQueueSize = 32768;

    public const int DescriptorSize = 16;

    public const ushort DescNext = 1;
    public const ushort DescWrite = 2;
    public const ushort DescIndirect = 4;

    /// <summary>avail->flags: the driver asks for no interrupts (without EVENT_IDX).</summary>
    public const ushort AvailNoInterrupt = 1;

    /// <summary>used->flags: the device asks for no kicks (without EVENT_IDX).</summary>
    public const ushort UsedNoNotify = 1;

    public const int DescriptorAlign = 16;
    public const int AvailAlign = 2;
    public const int UsedAlign = 4;

    /// <summary>Descriptor table bytes.</summary>
    public static ulong DescriptorTableSize(int num) => (ulong)num * DescriptorSize;

    /// <summary>flags, idx, ring[num], used_event.</summary>
    public static ulong AvailSize(int num) => 4 + (2 * (ulong)num) + 2;

    /// <summary>flags, idx, ring[num] of {id, len}, avail_event.</summary>
    public static ulong UsedSize(int num) => 4 + (8 * (ulong)num) + 2;

    public static bool IsValidSize(uint num) => num is > 0 and <= MaxQueueSize && (num & (num - 1)) == 0;

    /// <summary>vring_need_event: whether moving the index from old to new passes the peer's event index.</summary>
    public static bool NeedEvent(ushort eventIndex, ushort newIndex, ushort oldIndex) =>
        (ushort)(newIndex - eventIndex - 1) < (ushort)(newIndex - oldIndex);
}
