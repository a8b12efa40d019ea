using Qcrypto.Cryptodev.Interop;
using Qcrypto.Cryptodev.VhostUser.Protocol;
using Qcrypto.Cryptodev.VhostUser.Virtqueue;
using R = Qcrypto.Cryptodev.VhostUser.Protocol.VhostUserRequest;

namespace Qcrypto.VhostUser.Tests.Support;

/// <summary>
/// A front-end that sends whatever the test says, well-formed or not, and can lay out a ring in a
/// memfd it shares: the hostile peer of the fault tests.
/// </summary>
internal sealed unsafe class RawFrontend : IDisposable
{
    public const ulong RegionGuest = 0x4000_0000;
    public const ulong RegionUser = 0x7f00_0000_0000;
    public const ulong RegionSize = 1 << 20;
    public const int Num = 8;

    // Where the ring and buffers sit in the region.
    public const ulong Desc = 0;
    public const ulong Avail = 0x1000;
    public const ulong Used = 0x2000;
    public const ulong Data = 0x10000;

    private readonly UnixSocket _socket;
    private readonly VhostUserChannel _channel;
    private FileDescriptor? _memfd;
    private SharedMapping? _view;

    private RawFrontend(UnixSocket socket)
    {
        _socket = socket;
        _channel = new VhostUserChannel(socket);
    }

    public EventFd Kick { get; } = EventFd.Create();

    public EventFd Call { get; } = EventFd.Create();

    public EventFd Err { get; } = EventFd.Create();

    public static RawFrontend Connect(string path) => new(UnixSocket.Connect(path));

    public bool SendRaw(ReadOnlySpan<byte> bytes, params int[] fds) => _socket.Send(bytes, fds);

    public bool Send(R request, ReadOnlySpan<byte> payload, uint flags = 0, params int[] fds) => _channel.Send(request, flags, payload, fds);

    /// <summary>The next message, or null when none came in time or the server closed the connection.</summary>
    public VhostUserMessage? Receive(int timeoutMs = 30000) =>
        _channel.WaitReadable(timeoutMs) && _channel.TryReceive(out var message, out _) ? message : null;

    /// <summary>True when the server closed the connection within the timeout.</summary>
    public bool ClosedByServer(int timeoutMs = 30000)
    {
        var until = Environment.TickCount64 + timeoutMs;
        while (Environment.TickCount64 < until)
        {
            if (_channel.WaitReadable(100) && !_channel.TryReceive(out _, out var fault))
            {
                return fault.Code is VhostUserErrorCode.PeerClosed or VhostUserErrorCode.Truncated;
            }
        }

        return false;
    }

    public ulong U64(R request)
    {
        Assert.True(Send(request, default));
        var reply = Receive() ?? throw new Xunit.Sdk.XunitException($"no reply to {request}");
        Assert.Equal(request, reply.Header.Request);
        Assert.True(U64Payload.TryRead(reply.Payload.Span, out var value));
        return value;
    }

    /// <summary>Sends with need_reply and returns the REPLY_ACK status (null: no answer).</summary>
    public ulong? Ack(R request, ReadOnlySpan<byte> payload, params int[] fds)
    {
        Assert.True(Send(request, payload, VhostUserHeader.NeedReplyFlag, fds));
        var reply = Receive();
        return reply is not null && U64Payload.TryRead(reply.Payload.Span, out var status) ? status : null;
    }

    /// <summary>What QEMU does first: features, protocol features (with REPLY_ACK), owner.</summary>
    public void Negotiate()
    {
        U64(R.GetFeatures);
        var offered = (VhostUserProtocolFeatures)U64(R.GetProtocolFeatures);
        Span<byte> payload = stackalloc byte[8];
        U64Payload.Write(payload, (ulong)(offered & (VhostUserProtocolFeatures.ReplyAck | VhostUserProtocolFeatures.CryptoSession | VhostUserProtocolFeatures.Mq)));
        Assert.True(Send(R.SetProtocolFeatures, payload));
        Assert.Equal(0UL, Ack(R.SetOwner, default));
    }

    /// <summary>One 1 MiB memfd region and ring 0 in it (8 descriptors), notifiers set: the ring is live.</summary>
    public void SetUpRing(ulong features = 0)
    {
        _memfd = MemoryFiles.CreateMemfd("raw-frontend", RegionSize, false, 0, seal: true);
        _view = SharedMapping.Map(_memfd, RegionSize);
        Span<byte> u64 = stackalloc byte[8];
        U64Payload.Write(u64, features | VhostUserFeatures.ProtocolFeatures);
        Assert.Equal(0UL, Ack(R.SetFeatures, u64));
        Span<byte> table = stackalloc byte[MemoryTablePayload.SizeFor(1)];
        MemoryTablePayload.Write(table, [new MemoryRegionDescription(RegionGuest, RegionSize, RegionUser, 0)]);
        Assert.Equal(0UL, Ack(R.SetMemTable, table, _memfd.Fd));
        Span<byte> state = stackalloc byte[8];
        new VringState(0, Num).Write(state);
        Assert.Equal(0UL, Ack(R.SetVringNum, state));
        new VringState(0, 0).Write(state);
        Assert.Equal(0UL, Ack(R.SetVringBase, state));
        Span<byte> address = stackalloc byte[VringAddress.Size];
        new VringAddress(0, 0, RegionUser + Desc, RegionUser + Used, RegionUser + Avail, 0).Write(address);
        Assert.Equal(0UL, Ack(R.SetVringAddr, address));
        U64Payload.Write(u64, 0);
        Assert.Equal(0UL, Ack(R.SetVringCall, u64, Call.Fd));
        Assert.Equal(0UL, Ack(R.SetVringErr, u64, Err.Fd));
        Assert.Equal(0UL, Ack(R.SetVringKick, u64, Kick.Fd));
    }

    /// <summary>Guest memory as this front-end sees it (guest address → host bytes).</summary>
    public byte* At(ulong guestOffset) => _view!.Pointer + guestOffset;

    public void Descriptor(int index, ulong offset, uint length, ushort flags, ushort next = 0) => DescriptorAt(Desc, index, RegionGuest + offset, length, flags, next);

    public void DescriptorAt(ulong table, int index, ulong guestAddress, uint length, ushort flags, ushort next = 0)
    {
        var d = At(table + ((ulong)index * 16));
        *(ulong*)d = guestAddress;
        *(uint*)(d + 8) = length;
        *(ushort*)(d + 12) = flags;
        *(ushort*)(d + 14) = next;
    }

    /// <summary>Offers heads (and moves avail->idx by <paramref name="extra"/> more, for the index-jump case), then kicks.</summary>
    public void Offer(ushort head, ushort extra = 0)
    {
        var idx = *(ushort*)(At(Avail) + 2);
        *(ushort*)(At(Avail) + 4 + (2 * (idx % Num))) = head;
        Volatile.Write(ref *(ushort*)(At(Avail) + 2), (ushort)(idx + 1 + extra));
        Kick.Signal();
    }

    public ushort UsedIndex => Volatile.Read(ref *(ushort*)(At(Used) + 2));

    public (uint Id, uint Length) UsedEntry(int i) => (*(uint*)(At(Used) + 4 + (8 * (i % Num))), *(uint*)(At(Used) + 8 + (8 * (i % Num))));

    /// <summary>Waits for the server to signal <paramref name="fd"/>.</summary>
    public static bool Signalled(EventFd fd, int timeoutMs = 30000) => Poller.WaitReadable(fd.Fd, timeoutMs) && fd.Drain() > 0;

    public void Dispose()
    {
        _channel.Dispose();
        _view?.Dispose();
        _memfd?.Dispose();
        Kick.Dispose();
        Call.Dispose();
        Err.Dispose();
    }
}
