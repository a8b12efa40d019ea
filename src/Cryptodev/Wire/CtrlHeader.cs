namespace Qcrypto.Cryptodev.Wire;

/// <summary>
/// virtio_crypto_ctrl_header: opcode, algo, flag, and a field the spec calls reserved which Linux and
/// QEMU use as queue_id (the data queue the session is meant for).
/// </summary>
public readonly record struct CtrlHeader(VirtioCryptoOpcode Opcode, uint Algo, uint Flag, uint QueueId)
{
    public const int Size = WireSizes.CtrlHeader;

    internal static bool TryRead(ref WireReader reader, out CtrlHeader header)
    {
        if (!reader.CanRead(Size))
        {
            header = default;
            return false;
        }

        header = new CtrlHeader((VirtioCryptoOpcode)reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32());
        return true;
    }

    internal void Write(ref WireWriter writer)
    {
        writer.WriteUInt32((uint)Opcode);
        writer.WriteUInt32(Algo);
        writer.WriteUInt32(Flag);
        writer.WriteUInt32(QueueId);
    }
}
