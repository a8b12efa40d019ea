using System.Buffers.Binary;

namespace Qcrypto.Cryptodev.Wire;

/// <summary>virtio_crypto_op_header: the first 24 bytes of every data-queue request.</summary>
public readonly record struct OpHeader(VirtioCryptoOpcode Opcode, uint Algo, ulong SessionId, uint Flag)
{
    public const int Size = WireSizes.OpHeader;

    /// <summary>VIRTIO_CRYPTO_FLAG_SESSION_MODE: the request uses a session (REVISION_1 only).</summary>
    public const uint VIRTIO_CRYPTO_FLAG_SESSION_MODE = 1;

    /// <summary>Reads the header from its 24 bytes (the data path's parse: one bounds check, then fixed offsets).</summary>
    public static OpHeader Read(ReadOnlySpan<byte> bytes)
    {
        var h = bytes[..Size];
        return new OpHeader(
            (VirtioCryptoOpcode)BinaryPrimitives.ReadUInt32LittleEndian(h),
            BinaryPrimitives.ReadUInt32LittleEndian(h[4..]),
            BinaryPrimitives.ReadUInt64LittleEndian(h[8..]),
            BinaryPrimitives.ReadUInt32LittleEndian(h[16..]));
    }

    internal static bool TryRead(ref WireReader reader, out OpHeader header)
    {
        if (!reader.CanRead(Size))
        {
            header = default;
            return false;
        }

        var opcode = (VirtioCryptoOpcode)reader.ReadUInt32();
        var algo = reader.ReadUInt32();
        var session = reader.ReadUInt64();
        var flag = reader.ReadUInt32();
        reader.Skip(4);
        header = new OpHeader(opcode, algo, session, flag);
        return true;
    }

    internal void Write(ref WireWriter writer)
    {
        writer.WriteUInt32((uint)Opcode);
        writer.WriteUInt32(Algo);
        writer.WriteUInt64(SessionId);
        writer.WriteUInt32(Flag);
        writer.WriteUInt32(0);
    }
}
