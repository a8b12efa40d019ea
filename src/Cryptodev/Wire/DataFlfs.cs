using System.Buffers.Binary;

namespace Qcrypto.Cryptodev.Wire;

// The fixed-length parts of data-queue requests in session mode (virtio spec, "Data Virtqueue").
// Without REVISION_1 each is padded to 48 bytes (VIRTIO_CRYPTO_DATAQ_OP_SPEC_HDR_LEGACY).

/// <summary>virtio_crypto_cipher_data_flf (16 bytes); vlf: iv, src_data | dst_data.</summary>
internal readonly record struct CipherDataFlf(uint IvLen, uint SrcDataLen, uint DstDataLen)
{
    public const int Size = 16;

    /// <summary>Reads the struct from the start of <paramref name="bytes"/> (one bounds check, then fixed offsets).</summary>
    public static CipherDataFlf Read(ReadOnlySpan<byte> bytes)
    {
        var b = bytes[..12];
        return new CipherDataFlf(
            BinaryPrimitives.ReadUInt32LittleEndian(b),
            BinaryPrimitives.ReadUInt32LittleEndian(b[4..]),
            BinaryPrimitives.ReadUInt32LittleEndian(b[8..]));
    }

    public static CipherDataFlf Read(ref WireReader reader)
    {
        var flf = new CipherDataFlf(reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32());
        reader.Skip(4);
        return flf;
    }

    public void Write(ref WireWriter writer)
    {
        writer.WriteUInt32(IvLen);
        writer.WriteUInt32(SrcDataLen);
        writer.WriteUInt32(DstDataLen);
        writer.WriteUInt32(0);
    }
}

/// <summary>virtio_crypto_alg_chain_data_flf (40 bytes); vlf: iv, src_data, aad | dst_data, hash_result.</summary>
internal readonly record struct AlgChainDataFlf(
    uint IvLen,
    uint SrcDataLen,
    uint DstDataLen,
    uint CipherStartSrcOffset,
    uint LenToCipher,
    uint HashStartSrcOffset,
    uint LenToHash,
    uint AadLen,
    uint HashResultLen)
{
    public const int Size = 40;

    public static AlgChainDataFlf Read(ref WireReader reader)
    {
        var flf = new AlgChainDataFlf(reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(),
            reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32());
        reader.Skip(4);
        return flf;
    }

    public void Write(ref WireWriter writer)
    {
        writer.WriteUInt32(IvLen);
        writer.WriteUInt32(SrcDataLen);
        writer.WriteUInt32(DstDataLen);
        writer.WriteUInt32(CipherStartSrcOffset);
        writer.WriteUInt32(LenToCipher);
        writer.WriteUInt32(HashStartSrcOffset);
        writer.WriteUInt32(LenToHash);
        writer.WriteUInt32(AadLen);
        writer.WriteUInt32(HashResultLen);
        writer.WriteUInt32(0);
    }
}

/// <summary>virtio_crypto_sym_data_flf (48 bytes): op_type_flf[40] (cipher or chain flf), then op_type.</summary>
internal readonly record struct SymDataFlf(VirtioCryptoSymOp OpType, CipherDataFlf Cipher, AlgChainDataFlf Chain)
{
    public const int Size = WireSizes.SymDataReqHdrSize + 8;

    public static bool TryRead(ref WireReader reader, out SymDataFlf flf)
    {
        flf = default;
        if (!reader.CanRead(Size))
        {
            return false;
        }

        var union = reader.ReadBytes(WireSizes.SymDataReqHdrSize);
        var opType = (VirtioCryptoSymOp)reader.ReadUInt32();
        reader.Skip(4);
        var u = new WireReader(union);
        var cipher = CipherDataFlf.Read(ref u);
        u = new WireReader(union);
        var chain = AlgChainDataFlf.Read(ref u);
        flf = new SymDataFlf(opType, cipher, chain);
        return true;
    }

    public void Write(ref WireWriter writer)
    {
        var start = writer.Position;
        if (OpType == VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING)
        {
            Chain.Write(ref writer);
        }
        else
        {
            Cipher.Write(ref writer);
        }

        writer.PadTo(start + WireSizes.SymDataReqHdrSize);
        writer.WriteUInt32((uint)OpType);
        writer.WriteUInt32(0);
    }
}

/// <summary>virtio_crypto_hash_data_flf and virtio_crypto_mac_data_flf (8 bytes); vlf: src_data | hash_result.</summary>
internal readonly record struct HashDataFlf(uint SrcDataLen, uint HashResultLen)
{
    public const int Size = 8;

    public static bool TryRead(ref WireReader reader, out HashDataFlf flf)
    {
        flf = default;
        if (!reader.CanRead(Size))
        {
            return false;
        }

        flf = new HashDataFlf(reader.ReadUInt32(), reader.ReadUInt32());
        return true;
    }

    public void Write(ref WireWriter writer)
    {
        writer.WriteUInt32(SrcDataLen);
        writer.WriteUInt32(HashResultLen);
    }
}

/// <summary>
/// virtio_crypto_aead_data_flf (24 bytes); vlf: iv, src_data, aad | dst_data (ciphertext then tag
/// when encrypting). Linux's and QEMU's header stop before tag_len (16 bytes); the spec has it.
/// </summary>
internal readonly record struct AeadDataFlf(uint IvLen, uint AadLen, uint SrcDataLen, uint DstDataLen, uint TagLen)
{
    public const int Size = 24;

    public static bool TryRead(ref WireReader reader, out AeadDataFlf flf)
    {
        flf = default;
        if (!reader.CanRead(Size))
        {
            return false;
        }

        flf = new AeadDataFlf(reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32());
        reader.Skip(4);
        return true;
    }

    public void Write(ref WireWriter writer)
    {
        writer.WriteUInt32(IvLen);
        writer.WriteUInt32(AadLen);
        writer.WriteUInt32(SrcDataLen);
        writer.WriteUInt32(DstDataLen);
        writer.WriteUInt32(TagLen);
        writer.WriteUInt32(0);
    }
}

/// <summary>
/// virtio_crypto_akcipher_data_flf (8 bytes); vlf: src_data | dst_data. For VERIFY the readable part
/// is signature[src_data_len] then signed data[dst_data_len], and nothing but the status is written.
/// </summary>
internal readonly record struct AkcipherDataFlf(uint SrcDataLen, uint DstDataLen)
{
    public const int Size = 8;

    public static bool TryRead(ref WireReader reader, out AkcipherDataFlf flf)
    {
        flf = default;
        if (!reader.CanRead(Size))
        {
            return false;
        }

        flf = new AkcipherDataFlf(reader.ReadUInt32(), reader.ReadUInt32());
        return true;
    }

    public void Write(ref WireWriter writer)
    {
        writer.WriteUInt32(SrcDataLen);
        writer.WriteUInt32(DstDataLen);
    }
}
