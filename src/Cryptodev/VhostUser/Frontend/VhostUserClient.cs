using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Interop;
using Qcrypto.Cryptodev.VhostUser.Protocol;
using Qcrypto.Posix;
using R = Qcrypto.Cryptodev.VhostUser.Protocol.VhostUserRequest;

namespace Qcrypto.Cryptodev.VhostUser.Frontend;

/// <summary>
/// The front-end's side of the protocol: negotiation as QEMU 7.2 does it (GET_FEATURES first,
/// protocol features, queue count, owner), the memory table, vrings, config space and crypto
/// sessions. One request/reply exchange at a time; a reply that does not come within the timeout,
/// or is not the one asked for, is an error (worded as QEMU's hw/virtio/vhost-user.c words it).
/// </summary>
internal sealed class VhostUserClient : IDisposable
{
    /// <summary>What we ask for: multiqueue, REPLY_ACK, crypto sessions and the config space.</summary>
    public const VhostUserProtocolFeatures Wanted = VhostUserProtocolFeatures.Mq | VhostUserProtocolFeatures.ReplyAck
        | VhostUserProtocolFeatures.CryptoSession | VhostUserProtocolFeatures.Config;

    private readonly VhostUserChannel _channel;
    private readonly string _objectId;
    private readonly int _timeoutMs;
    private readonly Lock _lock = new();

    private VhostUserClient(VhostUserChannel channel, string objectId, int timeoutMs)
    {
        _channel = channel;
        _objectId = objectId;
        _timeoutMs = timeoutMs;
    }

    public ulong BackendFeatures { get; private set; }

    public VhostUserProtocolFeatures Protocol { get; private set; }

    public int MaxQueues { get; private set; } = 1;

    public UnixSocket Socket => _channel.Socket;

    public bool Has(VhostUserProtocolFeatures feature) => (Protocol & feature) != 0;

    public static VhostUserClient Connect(string path, string objectId, int timeoutMs)
    {
        try
        {
            return new VhostUserClient(new VhostUserChannel(UnixSocket.Connect(path)), objectId, timeoutMs);
        }
        catch (PosixException e)
        {
            throw new VhostUserException(VhostUserException.SocketFailed, e.Message, "chardev", objectId, "start the back-end first: qcrypto vhost-user-crypto --socket PATH");
        }
    }

    /// <summary>QEMU's vhost_user_backend_init and vhost_dev_init order, then GET_QUEUE_NUM against <paramref name="queues"/>.</summary>
    public void Negotiate(int queues)
    {
        BackendFeatures = RequestU64(R.GetFeatures, "vhost_backend_init failed: Protocol error");
        if ((BackendFeatures & VhostUserFeatures.ProtocolFeatures) == 0)
        {
            throw Error("vhost-user back-end does not offer VHOST_USER_F_PROTOCOL_FEATURES (crypto sessions need it)");
        }

        var offered = (VhostUserProtocolFeatures)RequestU64(R.GetProtocolFeatures, "vhost_backend_init failed: Protocol error");
        Protocol = offered & Wanted;
        if (!Has(VhostUserProtocolFeatures.CryptoSession))
        {
            throw Error("vhost-user back-end does not offer VHOST_USER_PROTOCOL_F_CRYPTO_SESSION");
        }

        SendU64(R.SetProtocolFeatures, (ulong)Protocol);
        if (Has(VhostUserProtocolFeatures.Mq))
        {
            MaxQueues = (int)Math.Min(RequestU64(R.GetQueueNum, "vhost_backend_init failed: Protocol error"), int.MaxValue);
        }

        if (queues > MaxQueues)
        {
            throw Error($"you are asking more queues than supported: {MaxQueues}", "queues");
        }

        Send(R.SetOwner, default, ack: false);
    }

    /// <summary>The back-end's virtio_crypto_config (56 bytes), when it offers the config space.</summary>
    public byte[]? GetConfig(int size)
    {
        if (!Has(VhostUserProtocolFeatures.Config))
        {
            return null;
        }

        Span<byte> request = stackalloc byte[ConfigPayload.HeaderSize + size];
        request.Clear();
        var length = ConfigPayload.Write(request, 0, 0, request[ConfigPayload.HeaderSize..]);
        lock (_lock)
        {
            Transmit(R.GetConfig, 0, request[..length]);
            var reply = Receive(R.GetConfig);
            if (!ConfigPayload.TryRead(reply.Payload.Span, out var config) || config.Size != size)
            {
                throw Error("Received bad msg size.");
            }

            return config.Region.ToArray();
        }
    }

    public void SetFeatures(ulong features) => SendU64(R.SetFeatures, features, ack: false);

    public void SetMemTable(ReadOnlySpan<MemoryRegionDescription> regions, ReadOnlySpan<int> fds)
    {
        Span<byte> payload = stackalloc byte[MemoryTablePayload.SizeFor(regions.Length)];
        MemoryTablePayload.Write(payload, regions);
        Send(R.SetMemTable, payload, ack: true, fds);
    }

    public void SetVringNum(int index, int num) => SendState(R.SetVringNum, index, (uint)num);

    public void SetVringBase(int index, ushort value) => SendState(R.SetVringBase, index, value);

    public void SetVringAddr(in VringAddress address)
    {
        Span<byte> payload = stackalloc byte[VringAddress.Size];
        address.Write(payload);
        Send(R.SetVringAddr, payload, ack: true);
    }

    public void SetVringFd(R request, int index, EventFd fd)
    {
        Span<byte> payload = stackalloc byte[U64Payload.Size];
        U64Payload.Write(payload, (ulong)index);
        Send(request, payload, ack: true, [fd.Fd]);
    }

    /// <summary>Stops a ring and returns where it stopped (GET_VRING_BASE).</summary>
    public ushort GetVringBase(int index)
    {
        Span<byte> payload = stackalloc byte[VringState.Size];
        new VringState((uint)index, 0).Write(payload);
        lock (_lock)
        {
            Transmit(R.GetVringBase, 0, payload);
            var reply = Receive(R.GetVringBase);
            return VringState.TryRead(reply.Payload.Span, out var state) ? (ushort)state.Num : throw Error("Received bad msg size.");
        }
    }

    /// <summary>CREATE_CRYPTO_SESSION: the back-end's session id (negative: refused), or throws when the layout cannot carry the session.</summary>
    public long CreateSession(CryptoSessionLayout layout, in SessionRequest request, ReadOnlySpan<byte> cipherKey, ReadOnlySpan<byte> authKey)
    {
        Span<byte> payload = stackalloc byte[CryptoSessionMessage.SizeOf(layout)];
        try
        {
            if (!CryptoSessionMessage.TryWrite(payload, layout, request, cipherKey, authKey))
            {
                return long.MinValue;
            }

            lock (_lock)
            {
                Transmit(R.CreateCryptoSession, 0, payload);
                payload.Clear();
                var reply = Receive(R.CreateCryptoSession);
                if (reply.Payload.Length != payload.Length)
                {
                    throw Error("Received bad msg size.");
                }

                var id = CryptoSessionMessage.ReadSessionId(reply.Payload.Span, layout);
                _channel.ScrubPayload();
                return id;
            }
        }
        finally
        {
            payload.Clear();
        }
    }

    /// <summary>CLOSE_CRYPTO_SESSION (no reply, as in QEMU).</summary>
    public void CloseSession(long id) => SendU64(R.CloseCryptoSession, (ulong)id, ack: false);

    /// <summary>Closes the connection (the back-end releases everything it held for us).</summary>
    public void Dispose() => _channel.Dispose();

    public void Shutdown() => _channel.Shutdown();

    private void SendState(R request, int index, uint value)
    {
        Span<byte> payload = stackalloc byte[VringState.Size];
        new VringState((uint)index, value).Write(payload);
        Send(request, payload, ack: true);
    }

    private void SendU64(R request, ulong value, bool ack = true)
    {
        Span<byte> payload = stackalloc byte[U64Payload.Size];
        U64Payload.Write(payload, value);
        Send(request, payload, ack);
    }

    private ulong RequestU64(R request, string failure)
    {
        lock (_lock)
        {
            Transmit(request, 0, default, failure);
            var reply = Receive(request, failure);
            return U64Payload.TryRead(reply.Payload.Span, out var value) ? value : throw Error("Received bad msg size.");
        }
    }

    /// <summary>Sends a request; with REPLY_ACK negotiated and <paramref name="ack"/>, waits for its status.</summary>
    private void Send(R request, ReadOnlySpan<byte> payload, bool ack, ReadOnlySpan<int> fds = default)
    {
        var needReply = ack && Has(VhostUserProtocolFeatures.ReplyAck);
        lock (_lock)
        {
            Transmit(request, needReply ? VhostUserHeader.NeedReplyFlag : 0, payload, fds: fds);
            if (needReply)
            {
                var reply = Receive(request);
                if (!U64Payload.TryRead(reply.Payload.Span, out var status))
                {
                    throw Error("Received bad msg size.");
                }

                if (status != 0)
                {
                    throw Error($"vhost-user back-end refused {request} (REPLY_ACK status {status})");
                }
            }
        }
    }

    private void Transmit(R request, uint flags, ReadOnlySpan<byte> payload, string? failure = null, ReadOnlySpan<int> fds = default)
    {
        if (!_channel.Send(request, flags, payload, fds))
        {
            throw Error(failure ?? $"vhost_user_write() failed: the back-end closed the connection ({request})", gone: true);
        }
    }

    private VhostUserMessage Receive(R expected, string? failure = null)
    {
        if (!_channel.WaitReadable(_timeoutMs))
        {
            throw Error(failure ?? $"the back-end did not answer {expected} within {_timeoutMs / 1000.0:0.#} s", hint: "is the process on the socket a vhost-user back-end?");
        }

        if (!_channel.TryReceive(out var reply, out var fault))
        {
            throw Error(failure ?? fault.Message, gone: fault.Code == VhostUserErrorCode.PeerClosed);
        }

        if (reply.Header.Request != expected)
        {
            throw Error($"Received unexpected msg type. Expected {(uint)expected} received {(uint)reply.Header.Request}");
        }

        return reply;
    }

    private VhostUserException Error(string message, string property = "chardev", bool gone = false, string? hint = null) =>
        new(gone ? VhostUserException.BackendGone : VhostUserException.ProtocolError, message, property, _objectId, hint);
}
