namespace Qcrypto.Cryptodev.VhostUser.Virtqueue;

/// <summary>
/// Why a descriptor chain or ring was refused. Each is a shape of the DPDK vhost-crypto CVEs
/// (CVE-2020-14374..14378) or of QEMU's virtqueue_pop checks; each stops the queue (the device is
/// broken until the front-end sets the ring up again), as virtio_error does in QEMU.
/// </summary>
internal enum VirtqueueFault
{
    None,

    /// <summary>The driver moved avail->idx more than the queue size ahead ("Guest moved used index").</summary>
    AvailIndexJump,

    /// <summary>A head or next index beyond the descriptor table.</summary>
    IndexOutOfRange,

    /// <summary>A chain longer than its table: a loop.</summary>
    Loop,

    /// <summary>An indirect descriptor inside an indirect table.</summary>
    NestedIndirect,

    /// <summary>An indirect descriptor that is not the chain's only top-level descriptor, or also has NEXT.</summary>
    MisplacedIndirect,

    /// <summary>An indirect table whose length is zero, not a multiple of 16, or over 32768 entries.</summary>
    BadIndirectLength,

    /// <summary>A zero-length buffer.</summary>
    ZeroLength,

    /// <summary>A device-readable buffer after a device-writable one.</summary>
    ReadableAfterWritable,

    /// <summary>A buffer or table not wholly inside the memory table.</summary>
    OutsideMemory,

    /// <summary>The chain's buffers add up to more than one request may carry.</summary>
    TooLong,
}

/// <summary>QEMU's words for each fault (hw/virtio/virtio.c) where it has them.</summary>
internal static class VirtqueueFaults
{
    public static string Describe(VirtqueueFault fault) => fault switch
    {
        VirtqueueFault.AvailIndexJump => "Guest moved avail index beyond the queue size",
        VirtqueueFault.IndexOutOfRange => "Desc index is too big",
        VirtqueueFault.Loop => "Looped descriptor",
        VirtqueueFault.NestedIndirect => "Indirect descriptor in an indirect table",
        VirtqueueFault.MisplacedIndirect => "Indirect descriptor that is not the only one of its chain",
        VirtqueueFault.BadIndirectLength => "Invalid size for indirect buffer table",
        VirtqueueFault.ZeroLength => "virtio: zero sized buffers are not allowed",
        VirtqueueFault.ReadableAfterWritable => "Incorrect order for descriptors",
        VirtqueueFault.OutsideMemory => "virtio: bogus descriptor or out of resources",
        VirtqueueFault.TooLong => "descriptor chain longer than a request may be",
        _ => "no fault",
    };
}
