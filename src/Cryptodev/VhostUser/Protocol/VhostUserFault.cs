namespace Qcrypto.Cryptodev.VhostUser.Protocol;

/// <summary>What went wrong on a vhost-user connection or ring, as data a host can branch on.</summary>
public enum VhostUserErrorCode
{
    /// <summary>The peer closed the connection.</summary>
    PeerClosed,

    /// <summary>The connection ended or failed in the middle of a message.</summary>
    Truncated,

    /// <summary>A payload size beyond <see cref="VhostUserHeader.MaxPayload"/>: the stream cannot be resynchronised.</summary>
    PayloadTooLarge,

    /// <summary>The flags' version is not 1.</summary>
    BadVersion,

    /// <summary>More descriptors than one message may carry.</summary>
    TooManyFds,

    /// <summary>A payload whose size does not match its request.</summary>
    BadPayloadSize,

    /// <summary>A request this side does not implement.</summary>
    UnknownRequest,

    /// <summary>A request that needs a descriptor came without one (or with too many).</summary>
    BadFds,

    /// <summary>A vring index beyond the queues.</summary>
    BadVringIndex,

    /// <summary>A vring size that is zero, not a power of two, or over 32768.</summary>
    BadVringSize,

    /// <summary>Ring addresses outside the memory table or misaligned.</summary>
    BadVringAddress,

    /// <summary>A memory table with overlapping, empty, overflowing or unmappable regions.</summary>
    BadMemoryTable,

    /// <summary>A request that needs a feature the peer did not negotiate.</summary>
    NotNegotiated,

    /// <summary>A crypto session the back-end refused, or could not parse.</summary>
    SessionRejected,

    /// <summary>The peer did not answer in time.</summary>
    Timeout,

    /// <summary>A reply to a different request, or of the wrong size.</summary>
    UnexpectedReply,

    /// <summary>A guest's descriptor chain that breaks the rules (see <see cref="Virtqueue.VirtqueueFault"/>).</summary>
    BadDescriptorChain,

    /// <summary>The request broke the device (where QEMU calls virtio_error).</summary>
    DeviceError,

    /// <summary>A system call failed (socket, mmap, eventfd).</summary>
    System,
}

/// <summary>One fault: its code and the text to show (QEMU's wording where QEMU has one).</summary>
internal readonly record struct VhostUserFault(VhostUserErrorCode Code, string Message)
{
    public override string ToString() => Message;
}
