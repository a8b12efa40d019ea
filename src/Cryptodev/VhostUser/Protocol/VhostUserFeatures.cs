namespace Qcrypto.Cryptodev.VhostUser.Protocol;

/// <summary>The virtio and vhost-user feature bits (GET/SET_FEATURES) the crypto device uses.</summary>
internal static class VhostUserFeatures
{
    /// <summary>VIRTIO_F_NOTIFY_ON_EMPTY (24).</summary>
    public const ulong NotifyOnEmpty = 1UL << 24;

    /// <summary>VIRTIO_RING_F_INDIRECT_DESC (28).</summary>
    public const ulong IndirectDesc = 1UL << 28;

    /// <summary>VIRTIO_RING_F_EVENT_IDX (29).</summary>
    public const ulong EventIdx = 1UL << 29;

    /// <summary>VHOST_USER_F_PROTOCOL_FEATURES (30): GET/SET_PROTOCOL_FEATURES are understood.</summary>
    public const ulong ProtocolFeatures = 1UL << 30;

    /// <summary>VIRTIO_F_VERSION_1 (32).</summary>
    public const ulong Version1 = 1UL << 32;

    /// <summary>The virtio-crypto device bits (0..5: REVISION_1 and the stateless modes).</summary>
    public const ulong CryptoDeviceMask = 0x3F;
}

/// <summary>VHOST_USER_PROTOCOL_F_* bits (GET/SET_PROTOCOL_FEATURES).</summary>
[Flags]
internal enum VhostUserProtocolFeatures : ulong
{
    None = 0,
    Mq = 1UL << 0,
    LogShmfd = 1UL << 1,
    Rarp = 1UL << 2,
    ReplyAck = 1UL << 3,
    Mtu = 1UL << 4,
    SlaveReq = 1UL << 5,
    CrossEndian = 1UL << 6,
    CryptoSession = 1UL << 7,
    Pagefault = 1UL << 8,
    Config = 1UL << 9,
    SlaveSendFd = 1UL << 10,
    HostNotifier = 1UL << 11,
    InflightShmfd = 1UL << 12,
    ResetDevice = 1UL << 13,
    InbandNotifications = 1UL << 14,
    ConfigureMemSlots = 1UL << 15,
    Status = 1UL << 16,
}
