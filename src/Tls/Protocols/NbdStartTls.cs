using System.Buffers.Binary;
using System.Text;

namespace Qcrypto.Tls.Protocols;

/// <summary>
/// The client side of NBD's fixed-newstyle negotiation up to NBD_OPT_STARTTLS (NBD protocol spec,
/// "Newstyle negotiation"), so a TLS session can be started on a qemu-nbd connection; and
/// NBD_OPT_LIST over the TLS session to prove the server talks to us afterwards.
/// </summary>
public static class NbdStartTls
{
    private const ulong NbdMagic = 0x4e42444d41474943; // "NBDMAGIC"
    private const ulong OptionMagic = 0x49484156454F5054; // "IHAVEOPT"
    private const ulong ReplyMagic = 0x3e889045565a9;
    private const ushort FlagFixedNewstyle = 1;
    private const ushort FlagNoZeroes = 2;
    private const uint OptAbort = 2;
    private const uint OptList = 3;
    private const uint OptStartTls = 5;
    private const uint RepAck = 1;
    private const uint RepServer = 2;

    /// <summary>Reads the server greeting and asks for TLS; on return the next bytes are the TLS handshake.</summary>
    public static void Negotiate(Stream stream)
    {
        Span<byte> greeting = stackalloc byte[18];
        stream.ReadExactly(greeting);
        if (BinaryPrimitives.ReadUInt64BigEndian(greeting) != NbdMagic || BinaryPrimitives.ReadUInt64BigEndian(greeting[8..]) != OptionMagic)
        {
            throw new InvalidDataException("not an NBD newstyle server (bad greeting magic)");
        }

        var flags = BinaryPrimitives.ReadUInt16BigEndian(greeting[16..]);
        if ((flags & FlagFixedNewstyle) == 0)
        {
            throw new InvalidDataException("the NBD server does not speak fixed newstyle (no STARTTLS possible)");
        }

        Span<byte> clientFlags = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(clientFlags, (uint)(FlagFixedNewstyle | (flags & FlagNoZeroes)));
        stream.Write(clientFlags);
        SendOption(stream, OptStartTls, []);
        var (type, payload) = ReadReply(stream, OptStartTls);
        if (type != RepAck)
        {
            throw new InvalidDataException($"the NBD server refused STARTTLS (reply 0x{type:x8}{Describe(payload)})");
        }
    }

    /// <summary>NBD_OPT_LIST: the export names the server offers (sent over the TLS session).</summary>
    public static List<string> ListExports(Stream session)
    {
        SendOption(session, OptList, []);
        var names = new List<string>();
        while (true)
        {
            var (type, payload) = ReadReply(session, OptList);
            if (type == RepAck)
            {
                return names;
            }

            if (type != RepServer || payload.Length < 4)
            {
                throw new InvalidDataException($"unexpected NBD_OPT_LIST reply 0x{type:x8}{Describe(payload)}");
            }

            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(payload);
            names.Add(Encoding.UTF8.GetString(payload, 4, Math.Min(length, payload.Length - 4)));
        }
    }

    /// <summary>NBD_OPT_ABORT: ends the negotiation politely.</summary>
    public static void Abort(Stream session) => SendOption(session, OptAbort, []);

    private static void SendOption(Stream stream, uint option, ReadOnlySpan<byte> data)
    {
        var message = new byte[16 + data.Length];
        BinaryPrimitives.WriteUInt64BigEndian(message, OptionMagic);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(8), option);
        BinaryPrimitives.WriteUInt32BigEndian(message.AsSpan(12), (uint)data.Length);
        data.CopyTo(message.AsSpan(16));
        stream.Write(message);
        stream.Flush();
    }

    private static (uint Type, byte[] Payload) ReadReply(Stream stream, uint option)
    {
        Span<byte> header = stackalloc byte[20];
        stream.ReadExactly(header);
        if (BinaryPrimitives.ReadUInt64BigEndian(header) != ReplyMagic || BinaryPrimitives.ReadUInt32BigEndian(header[8..]) != option)
        {
            throw new InvalidDataException("malformed NBD option reply");
        }

        var type = BinaryPrimitives.ReadUInt32BigEndian(header[12..]);
        var length = BinaryPrimitives.ReadUInt32BigEndian(header[16..]);
        if (length > 1 << 20)
        {
            throw new InvalidDataException("NBD option reply too long");
        }

        var payload = new byte[length];
        stream.ReadExactly(payload);
        return (type, payload);
    }

    private static string Describe(byte[] payload) => payload.Length == 0 ? string.Empty : $": {Encoding.UTF8.GetString(payload)}";
}
