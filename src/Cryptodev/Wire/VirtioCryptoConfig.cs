namespace Qcrypto.Cryptodev.Wire;

/// <summary>
/// struct virtio_crypto_config (56 bytes, little-endian): what the guest driver reads to learn the
/// device's services, algorithms and limits.
/// </summary>
public readonly record struct VirtioCryptoConfig(
    uint Status,
    uint MaxDataqueues,
    uint CryptoServices,
    uint CipherAlgoL,
    uint CipherAlgoH,
    uint HashAlgo,
    uint MacAlgoL,
    uint MacAlgoH,
    uint AeadAlgo,
    uint MaxCipherKeyLen,
    uint MaxAuthKeyLen,
    uint AkcipherAlgo,
    ulong MaxSize)
{
    public const int Size = WireSizes.Config;

    /// <summary>VIRTIO_CRYPTO_S_HW_READY: the device accepts requests.</summary>
    public const uint VIRTIO_CRYPTO_S_HW_READY = 1;

    public static bool TryRead(ReadOnlySpan<byte> buffer, out VirtioCryptoConfig config)
    {
        var reader = new WireReader(buffer);
        config = default;
        if (!reader.CanRead(Size))
        {
            return false;
        }

        config = new VirtioCryptoConfig(reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(),
            reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(),
            reader.ReadUInt32(), reader.ReadUInt64());
        return true;
    }

    public void Write(Span<byte> buffer)
    {
        var writer = new WireWriter(buffer[..Size]);
        writer.WriteUInt32(Status);
        writer.WriteUInt32(MaxDataqueues);
        writer.WriteUInt32(CryptoServices);
        writer.WriteUInt32(CipherAlgoL);
        writer.WriteUInt32(CipherAlgoH);
        writer.WriteUInt32(HashAlgo);
        writer.WriteUInt32(MacAlgoL);
        writer.WriteUInt32(MacAlgoH);
        writer.WriteUInt32(AeadAlgo);
        writer.WriteUInt32(MaxCipherKeyLen);
        writer.WriteUInt32(MaxAuthKeyLen);
        writer.WriteUInt32(AkcipherAlgo);
        writer.WriteUInt64(MaxSize);
    }
}
