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
        var reader = new BigEndianReader(greeting);
        if (reader.ReadUInt64() != NbdMagic || reader.ReadUInt64() != OptionMagic)
        {
            throw new InvalidDataException("not an NBD newstyle server (bad greeting magic)");
        }

        var flags = reader.ReadUInt16();
        if ((flags & FlagFixedNewstyle) == 0)
        {
            throw new InvalidDataException("the NBD server does not speak fixed newstyle (no STARTTLS possible)");
        }

        var clientFlags = new BigEndianWriter(stackalloc byte[4]);
        clientFlags.WriteUInt32((uint)(FlagFixedNewstyle | (flags & FlagNoZeroes)));
        stream.Write(clientFlags.Written);
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

            var reader = new BigEndianReader(payload);
            var length = (int)Math.Min(reader.ReadUInt32(), (uint)reader.Rest.Length);
            names.Add(Encoding.UTF8.GetString(reader.Rest[..length]));
        }
    }

    /// <summary>NBD_OPT_ABORT: ends the negotiation politely.</summary>
    public static void Abort(Stream session) => SendOption(session, OptAbort, []);

    private static void SendOption(Stream stream, uint option, ReadOnlySpan<byte> data)
    {
        var message = new BigEndianWriter(new byte[16 + data.Length]);
        message.WriteUInt64(OptionMagic);
        message.WriteUInt32(option);
        message.WriteUInt32((uint)data.Length);
        message.Write(data);
        stream.Write(message.Written);
        stream.Flush();
    }

    private static (uint Type, byte[] Payload) ReadReply(Stream stream, uint option)
    {
        Span<byte> header = stackalloc byte[20];
        stream.ReadExactly(header);
        var reader = new BigEndianReader(header);
        if (reader.ReadUInt64() != ReplyMagic || reader.ReadUInt32() != option)
        {
            throw new InvalidDataException("malformed NBD option reply");
        }

        var type = reader.ReadUInt32();
        var length = reader.ReadUInt32();
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
