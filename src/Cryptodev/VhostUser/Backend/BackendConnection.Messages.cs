using Qcrypto.Cryptodev.Interop;
using Qcrypto.Cryptodev.VhostUser.Memory;
using Qcrypto.Cryptodev.VhostUser.Protocol;
using Qcrypto.Posix;
using R = Qcrypto.Cryptodev.VhostUser.Protocol.VhostUserRequest;

namespace Qcrypto.Cryptodev.VhostUser.Backend;

/// <summary>The front-end's messages, each checked for its size (and descriptors) before it is read.</summary>
internal sealed partial class BackendConnection
{
    /// <summary>Handles one message; false to close the connection.</summary>
    private bool Handle(VhostUserMessage message)
    {
        var header = message.Header;
        var payload = message.Payload.Span;
        var outcome = header.Request switch
        {
            R.GetFeatures => ReplyU64(header, payload, Offered()),
            R.SetFeatures => SetFeatures(payload),
            R.GetProtocolFeatures => ReplyU64(header, payload, (ulong)OfferedProtocol()),
            R.SetProtocolFeatures => SetProtocolFeatures(payload),
            R.SetOwner => Owner(),
            R.ResetOwner => Done(() => StopAll()),
            R.ResetDevice => Done(ResetDevice),
            R.GetQueueNum => ReplyU64(header, payload, (ulong)_vrings.Length),
            R.SetMemTable => SetMemTable(message),
            R.SetVringNum => SetVringNum(payload),
            R.SetVringAddr => SetVringAddr(payload),
            R.SetVringBase => SetVringBase(payload),
            R.GetVringBase => GetVringBase(header, payload),
            R.SetVringKick or R.SetVringCall or R.SetVringErr => SetVringFd(header.Request, payload, message.Fds),
            R.SetVringEnable => SetVringEnable(payload),
            R.GetConfig => GetConfig(header, payload),
            R.SetConfig => Fail(VhostUserErrorCode.NotNegotiated, "the virtio-crypto config space is read-only (SET_CONFIG refused)"),
            R.CreateCryptoSession => CreateSession(header, payload),
            R.CloseCryptoSession => CloseSession(payload),
            _ => Unknown(header),
        };

        if (outcome.Fault is { } fault)
        {
            Statistics.BadMessage();
            Report(VhostUserLogLevel.Error, fault.Code, $"{header.Request}: {fault.Message}" + (outcome.Close ? "; closing the connection" : string.Empty));
        }

        // REPLY_ACK: a status for every request that has no reply of its own.
        if (header.NeedsReply && (_protocol & VhostUserProtocolFeatures.ReplyAck) != 0 && !outcome.Replied && !outcome.Close)
        {
            Span<byte> ack = stackalloc byte[U64Payload.Size];
            U64Payload.Write(ack, outcome.Fault is null ? 0UL : 1UL);
            _channel.Reply(header.Request, ack);
        }

        return !outcome.Close;
    }

    private readonly record struct Outcome(VhostUserFault? Fault = null, bool Replied = false, bool Close = false);

    private static Outcome Ok => default;

    private static Outcome Fail(VhostUserErrorCode code, string message, bool close = false) => new(new VhostUserFault(code, message), Close: close);

    private static Outcome BadSize(ReadOnlySpan<byte> payload) =>
        Fail(VhostUserErrorCode.BadPayloadSize, $"payload of {payload.Length} bytes is the wrong size for this request");

    private static Outcome Done(Action action)
    {
        action();
        return Ok;
    }

    private ulong Offered() =>
        VhostUserFeatures.Version1 | VhostUserFeatures.IndirectDesc | VhostUserFeatures.EventIdx | VhostUserFeatures.NotifyOnEmpty
        | VhostUserFeatures.ProtocolFeatures | (_server.Options.CryptoFeatures & VhostUserFeatures.CryptoDeviceMask);

    private VhostUserProtocolFeatures OfferedProtocol() =>
        VhostUserProtocolFeatures.Mq | VhostUserProtocolFeatures.ReplyAck | VhostUserProtocolFeatures.CryptoSession
        | VhostUserProtocolFeatures.ResetDevice | (_server.Options.OfferConfig ? VhostUserProtocolFeatures.Config : 0);

    private Outcome ReplyU64(VhostUserHeader header, ReadOnlySpan<byte> payload, ulong value)
    {
        if (payload.Length != 0)
        {
            return BadSize(payload);
        }

        Span<byte> reply = stackalloc byte[U64Payload.Size];
        U64Payload.Write(reply, value);
        return _channel.Reply(header.Request, reply) ? new Outcome(Replied: true) : new Outcome(Close: true);
    }

    private Outcome SetFeatures(ReadOnlySpan<byte> payload)
    {
        if (!U64Payload.TryRead(payload, out var features))
        {
            return BadSize(payload);
        }

        var unknown = features & ~Offered();
        StopAll();
        _features = features & Offered();
        ReplaceDevice();
        RestartStarted();
        return unknown == 0 ? Ok : Fail(VhostUserErrorCode.NotNegotiated, $"features 0x{unknown:x} were not offered (ignored)");
    }

    private Outcome SetProtocolFeatures(ReadOnlySpan<byte> payload)
    {
        if (!U64Payload.TryRead(payload, out var features))
        {
            return BadSize(payload);
        }

        _protocol = (VhostUserProtocolFeatures)features & OfferedProtocol();
        var unknown = features & ~(ulong)OfferedProtocol();
        return unknown == 0 ? Ok : Fail(VhostUserErrorCode.NotNegotiated, $"protocol features 0x{unknown:x} were not offered (ignored)");
    }

    private Outcome Owner()
    {
        if (_owned)
        {
            Report(VhostUserLogLevel.Warning, null, "SET_OWNER again on the same connection");
        }

        _owned = true;
        return Ok;
    }

    private Outcome SetMemTable(VhostUserMessage message)
    {
        Span<MemoryRegionDescription> table = stackalloc MemoryRegionDescription[MemoryTablePayload.MaxRegions];
        if (!MemoryTablePayload.TryRead(message.Payload.Span, table, out var count))
        {
            return Fail(VhostUserErrorCode.BadMemoryTable, $"memory table payload of {message.Payload.Length} bytes is malformed (at most {MemoryTablePayload.MaxRegions} regions)");
        }

        GuestMemory memory;
        var warnings = new List<string>();
        try
        {
            memory = GuestMemory.Map(table[..count], message.Fds, warnings);
        }
        catch (Exception e) when (e is GuestMemoryException or PosixException)
        {
            return Fail(VhostUserErrorCode.BadMemoryTable, e.Message);
        }

        foreach (var warning in warnings)
        {
            Report(VhostUserLogLevel.Warning, null, warning);
        }

        // The workers read through the old mappings: stop them before those go.
        StopAll();
        var old = _memory;
        _memory = memory;
        old.Dispose();
        Report(VhostUserLogLevel.Info, null, $"memory table: {count} region(s), {memory.TotalSize >> 20} MiB");
        RestartStarted();
        return Ok;
    }

    private Outcome GetConfig(VhostUserHeader header, ReadOnlySpan<byte> payload)
    {
        if (!ConfigPayload.TryRead(payload, out var request))
        {
            return BadSize(payload);
        }

        Span<byte> space = stackalloc byte[Wire.VirtioCryptoConfig.Size];
        _device.ReadConfig(space);
        Span<byte> reply = stackalloc byte[ConfigPayload.HeaderSize + ConfigPayload.MaxConfigSize];
        if (request.Offset > (uint)space.Length || request.Size > (uint)space.Length - request.Offset)
        {
            // The spec's error answer: a reply with an empty payload.
            _channel.Reply(header.Request, default);
            return new Outcome(new VhostUserFault(VhostUserErrorCode.BadPayloadSize, $"config read of {request.Size} bytes at {request.Offset} is outside the {space.Length}-byte config space"), Replied: true);
        }

        var length = ConfigPayload.Write(reply, request.Offset, request.Flags, space.Slice((int)request.Offset, (int)request.Size));
        return _channel.Reply(header.Request, reply[..length]) ? new Outcome(Replied: true) : new Outcome(Close: true);
    }

    private Outcome Unknown(VhostUserHeader header)
    {
        // Requests that always expect an answer get an empty one, so the front-end fails instead of waiting forever.
        if (header.Request is R.GetInflightFd or R.PostcopyAdvise or R.PostcopyEnd or R.GetMaxMemSlots or R.GetStatus or R.IotlbMsg)
        {
            _channel.Reply(header.Request, default);
            return new Outcome(new VhostUserFault(VhostUserErrorCode.UnknownRequest, $"request {(uint)header.Request} is not supported (answered empty)"), Replied: true);
        }

        return Fail(VhostUserErrorCode.UnknownRequest, $"request {(uint)header.Request} is not supported (ignored)");
    }
}
