using Qcrypto.Cryptodev.Interop;
using Qcrypto.Cryptodev.VhostUser.Protocol;
using Qcrypto.Cryptodev.VhostUser.Virtqueue;
using Qcrypto.Cryptodev.Wire;
using R = Qcrypto.Cryptodev.VhostUser.Protocol.VhostUserRequest;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.VhostUser.Backend;

/// <summary>The vring messages and the crypto session messages.</summary>
internal sealed partial class BackendConnection
{
    private bool TryVring(uint index, out VringConfig vring, out Outcome failure)
    {
        failure = default;
        vring = null!;
        if (index >= (uint)_vrings.Length)
        {
            failure = Fail(VhostUserErrorCode.BadVringIndex, $"vring index {index} is beyond the {_vrings.Length} queue(s)");
            return false;
        }

        vring = _vrings[index];
        return true;
    }

    private Outcome SetVringNum(ReadOnlySpan<byte> payload)
    {
        if (!VringState.TryRead(payload, out var state))
        {
            return BadSize(payload);
        }

        if (!TryVring(state.Index, out var vring, out var failure))
        {
            return failure;
        }

        if (!VringLayout.IsValidSize(state.Num))
        {
            return Fail(VhostUserErrorCode.BadVringSize, $"vring {state.Index}: size {state.Num} is not a power of two in 1..{VringLayout.MaxQueueSize}");
        }

        vring.StopWorker();
        vring.Num = state.Num;
        TryStart((int)state.Index);
        return Ok;
    }

    private Outcome SetVringAddr(ReadOnlySpan<byte> payload)
    {
        if (!VringAddress.TryRead(payload, out var address))
        {
            return BadSize(payload);
        }

        if (!TryVring(address.Index, out var vring, out var failure))
        {
            return failure;
        }

        vring.StopWorker();
        vring.Address = address;
        TryStart((int)address.Index);
        return Ok;
    }

    private Outcome SetVringBase(ReadOnlySpan<byte> payload)
    {
        if (!VringState.TryRead(payload, out var state))
        {
            return BadSize(payload);
        }

        if (!TryVring(state.Index, out var vring, out var failure))
        {
            return failure;
        }

        if (state.Num > ushort.MaxValue)
        {
            return Fail(VhostUserErrorCode.BadVringSize, $"vring {state.Index}: base {state.Num} is not a 16-bit index");
        }

        vring.StopWorker();
        vring.Base = (ushort)state.Num;
        TryStart((int)state.Index);
        return Ok;
    }

    /// <summary>GET_VRING_BASE stops the ring (the spec's "stop ring") and answers where it stopped.</summary>
    private Outcome GetVringBase(VhostUserHeader header, ReadOnlySpan<byte> payload)
    {
        if (!VringState.TryRead(payload, out var state))
        {
            return BadSize(payload);
        }

        if (!TryVring(state.Index, out var vring, out var failure))
        {
            return failure;
        }

        vring.StopWorker();
        vring.Kicked = false;
        vring.SetKick(null);
        Span<byte> reply = stackalloc byte[VringState.Size];
        new VringState(state.Index, vring.Base).Write(reply);
        return _channel.Reply(header.Request, reply) ? new Outcome(Replied: true) : new Outcome(Close: true);
    }

    private Outcome SetVringFd(VhostUserRequest request, ReadOnlySpan<byte> payload, List<FileDescriptor> fds)
    {
        if (!U64Payload.TryRead(payload, out var value))
        {
            return BadSize(payload);
        }

        var noFd = (value & U64Payload.NoFdFlag) != 0;
        if (noFd ? fds.Count != 0 : fds.Count != 1)
        {
            return Fail(VhostUserErrorCode.BadFds, $"expected {(noFd ? 0 : 1)} file descriptor(s), got {fds.Count}");
        }

        if ((value & ~(U64Payload.VringIndexMask | U64Payload.NoFdFlag)) != 0)
        {
            return Fail(VhostUserErrorCode.BadPayloadSize, $"unknown bits in 0x{value:x}");
        }

        var index = (uint)(value & U64Payload.VringIndexMask);
        if (!TryVring(index, out var vring, out var failure))
        {
            return failure;
        }

        EventFd? fd = null;
        if (!noFd)
        {
            if (!fds[0].IsNotifier())
            {
                return Fail(VhostUserErrorCode.BadFds, "the file descriptor is neither an eventfd nor a pipe");
            }

            fd = EventFd.Adopt(fds[0]);
            fds.Clear();
        }

        vring.StopWorker();
        switch (request)
        {
            case R.SetVringKick:
                vring.SetKick(fd);
                vring.Kicked = true;
                break;
            case R.SetVringCall:
                vring.SetCall(fd);
                break;
            default:
                vring.SetErr(fd);
                break;
        }

        TryStart((int)index);
        return Ok;
    }

    private Outcome SetVringEnable(ReadOnlySpan<byte> payload)
    {
        if (!VringState.TryRead(payload, out var state))
        {
            return BadSize(payload);
        }

        if (!TryVring(state.Index, out var vring, out var failure))
        {
            return failure;
        }

        if (state.Num > 1)
        {
            return Fail(VhostUserErrorCode.BadPayloadSize, $"vring {state.Index}: enable value {state.Num} is not 0 or 1");
        }

        vring.Enabled = state.Num == 1;
        return Ok;
    }

    private Outcome CreateSession(VhostUserHeader header, ReadOnlySpan<byte> payload)
    {
        try
        {
            if ((_protocol & VhostUserProtocolFeatures.CryptoSession) == 0)
            {
                Report(VhostUserLogLevel.Warning, VhostUserErrorCode.NotNegotiated, "CREATE_CRYPTO_SESSION without VHOST_USER_PROTOCOL_F_CRYPTO_SESSION negotiated");
            }

            if (!CryptoSessionMessage.TryDetect(payload.Length, out var layout))
            {
                Statistics.SessionRejected();
                _channel.Reply(header.Request, default);
                return new Outcome(new VhostUserFault(VhostUserErrorCode.BadPayloadSize,
                    $"session payload of {payload.Length} bytes is neither QEMU 7.2's ({CryptoSessionMessage.Qemu72Size}) nor QEMU 8.1's ({CryptoSessionMessage.Qemu81Size}) layout"), Replied: true);
            }

            Span<byte> reply = stackalloc byte[CryptoSessionMessage.Qemu81Size];
            reply = reply[..payload.Length];
            payload.CopyTo(reply);
            long sessionId;
            string? reason = null;
            if (CryptoSessionMessage.TryRead(payload, layout, out var request, out var cipherLength, out var authLength, out reason))
            {
                CryptoSessionMessage.Keys(payload, layout, request, cipherLength, authLength, out var cipherKey, out var authKey);
                var revision1 = (CryptoFeatures() & VirtioCryptoFeatures.VIRTIO_CRYPTO_F_REVISION_1) != 0;
                var status = _backend.CreateSession(request, cipherKey, authKey, revision1, out var id);
                sessionId = status == VIRTIO_CRYPTO_OK ? (long)id : -(long)status;
                reason = status == VIRTIO_CRYPTO_OK ? null : $"the engine answered {status}";
            }
            else
            {
                sessionId = -(long)VIRTIO_CRYPTO_NOTSUPP;
            }

            // The reply carries the request back (keys included, as QEMU's layout has them): zero them.
            reply[CryptoSessionMessage.SizeOf(layout) == CryptoSessionMessage.Qemu72Size ? 8.. : 8..^8].Clear();
            CryptoSessionMessage.WriteSessionId(reply, layout, sessionId);
            var sent = _channel.Reply(header.Request, reply);
            reply.Clear();
            if (sessionId < 0)
            {
                Statistics.SessionRejected();
                return new Outcome(new VhostUserFault(VhostUserErrorCode.SessionRejected, $"session refused ({reason}); replied {sessionId}"), Replied: true, Close: !sent);
            }

            Statistics.SessionCreated();
            return new Outcome(Replied: true, Close: !sent);
        }
        finally
        {
            _channel.ScrubPayload();
        }
    }

    private Outcome CloseSession(ReadOnlySpan<byte> payload)
    {
        if (!U64Payload.TryRead(payload, out var id))
        {
            return BadSize(payload);
        }

        if (_backend.CloseSession(id) != VIRTIO_CRYPTO_OK)
        {
            return Fail(VhostUserErrorCode.SessionRejected, $"no session {(long)id} to close");
        }

        Statistics.SessionClosed();
        return Ok;
    }
}
