using Qcrypto.Cryptodev.Wire;

namespace Qcrypto.Cryptodev.VhostUser.Protocol;

/// <summary>The 12-byte message header: request, flags (version 1, reply, need_reply), payload size.</summary>
internal readonly record struct VhostUserHeader(VhostUserRequest Request, uint Flags, uint Size)
{
    public const int Length = 12;

    /// <summary>The protocol version, the low two bits of every message's flags.</summary>
    public const uint Version = 0x1;

    public const uint VersionMask = 0x3;

    /// <summary>Set on every reply from the back-end.</summary>
    public const uint ReplyFlag = 1u << 2;

    /// <summary>REPLY_ACK: the sender wants a u64 status reply.</summary>
    public const uint NeedReplyFlag = 1u << 3;

    /// <summary>The largest payload either side accepts: a QEMU 8.1 crypto session (1072 bytes) fits, with room for config space.</summary>
    public const int MaxPayload = 4096;

    public bool NeedsReply => (Flags & NeedReplyFlag) != 0;

    public bool IsReply => (Flags & ReplyFlag) != 0;

    public static VhostUserHeader Read(ReadOnlySpan<byte> bytes)
    {
        var reader = new WireReader(bytes[..Length]);
        return new VhostUserHeader((VhostUserRequest)reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32());
    }

    public void Write(Span<byte> bytes)
    {
        var writer = new WireWriter(bytes[..Length]);
        writer.WriteUInt32((uint)Request);
        writer.WriteUInt32(Flags);
        writer.WriteUInt32(Size);
    }
}
