using Qcrypto.Cryptodev.Interop;

namespace Qcrypto.Cryptodev.VhostUser.Protocol;

/// <summary>One received message: header, payload (a view of the channel's buffer, valid until the next receive) and descriptors.</summary>
internal sealed class VhostUserMessage
{
    internal VhostUserMessage()
    {
    }

    public VhostUserHeader Header { get; internal set; }

    public ReadOnlyMemory<byte> Payload { get; internal set; }

    /// <summary>The descriptors that came with the message; whoever keeps one removes it, the rest are closed on the next receive.</summary>
    internal List<FileDescriptor> Fds { get; } = [];

    internal void CloseFds()
    {
        foreach (var fd in Fds)
        {
            fd.Dispose();
        }

        Fds.Clear();
    }
}

/// <summary>
/// vhost-user message framing over a unix socket: a 12-byte header, then exactly <c>size</c> bytes of
/// payload, descriptors in the ancillary data. Sizes are checked before anything is read into a
/// buffer; a message that cannot be framed ends the connection (there is no way to resynchronise).
/// </summary>
internal sealed class VhostUserChannel : IDisposable
{
    private readonly UnixSocket _socket;
    private readonly byte[] _header = new byte[VhostUserHeader.Length];
    private readonly byte[] _payload = new byte[VhostUserHeader.MaxPayload];
    private readonly byte[] _send = new byte[VhostUserHeader.Length + VhostUserHeader.MaxPayload];
    private readonly VhostUserMessage _message = new();
    private readonly Lock _sendLock = new();

    public VhostUserChannel(UnixSocket socket) => _socket = socket;

    public UnixSocket Socket => _socket;

    /// <summary>Receives one message, or the fault that ends the connection.</summary>
    public bool TryReceive(out VhostUserMessage message, out VhostUserFault fault)
    {
        _message.CloseFds();
        message = _message;
        fault = default;
        var status = _socket.Receive(_header, _message.Fds);
        if (status != ReceiveStatus.Ok)
        {
            fault = status switch
            {
                ReceiveStatus.EndOfStream when _message.Fds.Count == 0 => new(VhostUserErrorCode.PeerClosed, "connection closed by the peer"),
                ReceiveStatus.TooManyFds => new(VhostUserErrorCode.TooManyFds, $"message carried more than {UnixSocket.MaxFds} file descriptors"),
                _ => new(VhostUserErrorCode.Truncated, $"Failed to read msg header. Read 0 instead of {VhostUserHeader.Length}."),
            };
            _message.CloseFds();
            return false;
        }

        var header = VhostUserHeader.Read(_header);
        if ((header.Flags & VhostUserHeader.VersionMask) != VhostUserHeader.Version)
        {
            fault = new(VhostUserErrorCode.BadVersion, $"Failed to read msg header. Flags 0x{header.Flags:x} instead of 0x{VhostUserHeader.Version:x}.");
            _message.CloseFds();
            return false;
        }

        if (header.Size > VhostUserHeader.MaxPayload)
        {
            fault = new(VhostUserErrorCode.PayloadTooLarge, $"Failed to read msg header. Size {header.Size} exceeds the maximum {VhostUserHeader.MaxPayload}.");
            _message.CloseFds();
            return false;
        }

        var payload = _payload.AsSpan(0, (int)header.Size);
        if (header.Size > 0 && _socket.Receive(payload, _message.Fds) != ReceiveStatus.Ok)
        {
            fault = new(VhostUserErrorCode.Truncated, $"Failed to read msg payload of {header.Size} bytes (request {(uint)header.Request}).");
            _message.CloseFds();
            return false;
        }

        if (_message.Fds.Count > UnixSocket.MaxFds)
        {
            fault = new(VhostUserErrorCode.TooManyFds, $"message carried more than {UnixSocket.MaxFds} file descriptors");
            _message.CloseFds();
            return false;
        }

        _message.Header = header;
        _message.Payload = _payload.AsMemory(0, (int)header.Size);
        return true;
    }

    /// <summary>Zeroes the last payload (a crypto session's keys) once it has been used.</summary>
    public void ScrubPayload() => Array.Clear(_payload);

    /// <summary>Waits for a message to arrive; false on timeout.</summary>
    public bool WaitReadable(int timeoutMs) => _socket.WaitReadable(timeoutMs);

    /// <summary>Sends one message; false when the peer is gone.</summary>
    public bool Send(VhostUserRequest request, uint flags, ReadOnlySpan<byte> payload, ReadOnlySpan<int> fds = default)
    {
        lock (_sendLock)
        {
            var length = VhostUserHeader.Length + payload.Length;
            new VhostUserHeader(request, flags | VhostUserHeader.Version, (uint)payload.Length).Write(_send);
            payload.CopyTo(_send.AsSpan(VhostUserHeader.Length));
            var sent = _socket.Send(_send.AsSpan(0, length), fds);
            _send.AsSpan(0, length).Clear();
            return sent;
        }
    }

    /// <summary>A reply (flags: version and REPLY) to <paramref name="request"/>.</summary>
    public bool Reply(VhostUserRequest request, ReadOnlySpan<byte> payload) => Send(request, VhostUserHeader.ReplyFlag, payload);

    /// <summary>Wakes a thread blocked in <see cref="TryReceive"/>: it sees the connection end.</summary>
    public void Shutdown() => _socket.Shutdown();

    public void Dispose()
    {
        _message.CloseFds();
        Array.Clear(_payload);
        _socket.Dispose();
    }
}
