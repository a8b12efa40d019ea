namespace Qcrypto.Cryptodev.Wire;

// The fixed-length parts of stateless data requests (REVISION_1 plus the service's
// *_STATELESS_MODE bit): the session parameters travel with every request, keys in the vlf.

/// <summary>
/// virtio_crypto_cipher_data_flf_stateless (24 bytes); vlf: cipher_key, iv, src_data | dst_data.
/// </summary>
internal readonly record struct CipherDataFlfStateless(VirtioCryptoCipherAlgo Algo, uint KeyLen, VirtioCryptoOp Op, uint IvLen, uint SrcDataLen, uint DstDataLen)
{
    public const int Size = 24;

    public static CipherDataFlfStateless Read(ref WireReader reader) => new(
        (VirtioCryptoCipherAlgo)reader.ReadUInt32(), reader.ReadUInt32(), (VirtioCryptoOp)reader.ReadUInt32(),
        reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32());

    public void Write(ref WireWriter writer)
    {
        writer.WriteUInt32((uint)Algo);
        writer.WriteUInt32(KeyLen);
        writer.WriteUInt32((uint)Op);
        writer.WriteUInt32(IvLen);
        writer.WriteUInt32(SrcDataLen);
        writer.WriteUInt32(DstDataLen);
    }
}

/// <summary>
/// virtio_crypto_alg_chain_data_flf_stateless (72 bytes); vlf: cipher_key, auth_key, iv, aad,
/// src_data | dst_data, hash_result (aad before src_data here, after it in session mode).
/// </summary>
internal readonly record struct AlgChainDataFlfStateless(
    VirtioCryptoChainOrder AlgChainOrder,
    uint SessAadLen,
    VirtioCryptoCipherAlgo CipherAlgo,
    uint CipherKeyLen,
    VirtioCryptoOp CipherOp,
    uint HashAlgo,
    uint AuthKeyLen,
    VirtioCryptoHashMode HashMode,
    AlgChainDataFlf Data)
{
    public const int Size = 72;

    public static AlgChainDataFlfStateless Read(ref WireReader reader) => new(
        (VirtioCryptoChainOrder)reader.ReadUInt32(), reader.ReadUInt32(),
        (VirtioCryptoCipherAlgo)reader.ReadUInt32(), reader.ReadUInt32(), (VirtioCryptoOp)reader.ReadUInt32(),
        reader.ReadUInt32(), reader.ReadUInt32(), (VirtioCryptoHashMode)reader.ReadUInt32(),
        AlgChainDataFlf.Read(ref reader));

    public void Write(ref WireWriter writer)
    {
        writer.WriteUInt32((uint)AlgChainOrder);
        writer.WriteUInt32(SessAadLen);
        writer.WriteUInt32((uint)CipherAlgo);
        writer.WriteUInt32(CipherKeyLen);
        writer.WriteUInt32((uint)CipherOp);
        writer.WriteUInt32(HashAlgo);
        writer.WriteUInt32(AuthKeyLen);
        writer.WriteUInt32((uint)HashMode);
        Data.Write(ref writer);
    }
}

/// <summary>virtio_crypto_sym_data_flf_stateless (76 bytes): op_type_flf[72] then op_type.</summary>
internal readonly record struct SymDataFlfStateless(VirtioCryptoSymOp OpType, CipherDataFlfStateless Cipher, AlgChainDataFlfStateless Chain)
{
    public const int Size = WireSizes.SymDataReqHdrStatelessSize + 4;

    public static bool TryRead(ref WireReader reader, out SymDataFlfStateless flf)
    {
        flf = default;
        if (!reader.CanRead(Size))
        {
            return false;
        }

        var union = reader.ReadBytes(WireSizes.SymDataReqHdrStatelessSize);
        var opType = (VirtioCryptoSymOp)reader.ReadUInt32();
        var u = new WireReader(union);
        var cipher = CipherDataFlfStateless.Read(ref u);
        u = new WireReader(union);
        var chain = AlgChainDataFlfStateless.Read(ref u);
        flf = new SymDataFlfStateless(opType, cipher, chain);
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

        writer.PadTo(start + WireSizes.SymDataReqHdrStatelessSize);
        writer.WriteUInt32((uint)OpType);
    }
}

/// <summary>virtio_crypto_hash_data_flf_stateless (16 bytes); vlf: src_data | hash_result.</summary>
internal readonly record struct HashDataFlfStateless(VirtioCryptoHashAlgo Algo, uint SrcDataLen, uint HashResultLen)
{
    public const int Size = 16;

    public static bool TryRead(ref WireReader reader, out HashDataFlfStateless flf)
    {
        flf = default;
        if (!reader.CanRead(Size))
        {
            return false;
        }

        flf = new HashDataFlfStateless((VirtioCryptoHashAlgo)reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32());
        reader.Skip(4);
        return true;
    }

    public void Write(ref WireWriter writer)
    {
        writer.WriteUInt32((uint)Algo);
        writer.WriteUInt32(SrcDataLen);
        writer.WriteUInt32(HashResultLen);
        writer.WriteUInt32(0);
    }
}

/// <summary>virtio_crypto_mac_data_flf_stateless (16 bytes); vlf: auth_key, src_data | hash_result.</summary>
internal readonly record struct MacDataFlfStateless(VirtioCryptoMacAlgo Algo, uint AuthKeyLen, uint SrcDataLen, uint HashResultLen)
{
    public const int Size = 16;

    public static bool TryRead(ref WireReader reader, out MacDataFlfStateless flf)
    {
        flf = default;
        if (!reader.CanRead(Size))
        {
            return false;
        }

        flf = new MacDataFlfStateless((VirtioCryptoMacAlgo)reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32());
        return true;
    }

    public void Write(ref WireWriter writer)
    {
        writer.WriteUInt32((uint)Algo);
        writer.WriteUInt32(AuthKeyLen);
        writer.WriteUInt32(SrcDataLen);
        writer.WriteUInt32(HashResultLen);
    }
}

/// <summary>virtio_crypto_aead_data_flf_stateless (32 bytes); vlf: key, iv, src_data, aad | dst_data.</summary>
internal readonly record struct AeadDataFlfStateless(VirtioCryptoAeadAlgo Algo, uint KeyLen, VirtioCryptoOp Op, uint IvLen, uint TagLen, uint AadLen, uint SrcDataLen, uint DstDataLen)
{
    public const int Size = 32;

    public static bool TryRead(ref WireReader reader, out AeadDataFlfStateless flf)
    {
        flf = default;
        if (!reader.CanRead(Size))
        {
            return false;
        }

        flf = new AeadDataFlfStateless((VirtioCryptoAeadAlgo)reader.ReadUInt32(), reader.ReadUInt32(), (VirtioCryptoOp)reader.ReadUInt32(),
            reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32());
        return true;
    }

    public void Write(ref WireWriter writer)
    {
        writer.WriteUInt32((uint)Algo);
        writer.WriteUInt32(KeyLen);
        writer.WriteUInt32((uint)Op);
        writer.WriteUInt32(IvLen);
        writer.WriteUInt32(TagLen);
        writer.WriteUInt32(AadLen);
        writer.WriteUInt32(SrcDataLen);
        writer.WriteUInt32(DstDataLen);
    }
}

/// <summary>
/// virtio_crypto_akcipher_data_flf_stateless (28 bytes: the RSA/ECDSA union is 8 bytes here, not
/// 44 as in the session flf); vlf: akcipher_key, src_data | dst_data.
/// </summary>
internal readonly record struct AkcipherDataFlfStateless(VirtioCryptoAkcipherAlgo Algo, VirtioCryptoAkcipherKeyType KeyType, uint KeyLen, AkcipherPara Para, uint SrcDataLen, uint DstDataLen)
{
    public const int Size = 28;

    public static bool TryRead(ref WireReader reader, out AkcipherDataFlfStateless flf)
    {
        flf = default;
        if (!reader.CanRead(Size))
        {
            return false;
        }

        flf = new AkcipherDataFlfStateless((VirtioCryptoAkcipherAlgo)reader.ReadUInt32(), (VirtioCryptoAkcipherKeyType)reader.ReadUInt32(), reader.ReadUInt32(),
            new AkcipherPara(reader.ReadUInt32(), reader.ReadUInt32()), reader.ReadUInt32(), reader.ReadUInt32());
        return true;
    }

    public void Write(ref WireWriter writer)
    {
        writer.WriteUInt32((uint)Algo);
        writer.WriteUInt32((uint)KeyType);
        writer.WriteUInt32(KeyLen);
        writer.WriteUInt32(Para.Word0);
        writer.WriteUInt32(Para.Word1);
        writer.WriteUInt32(SrcDataLen);
        writer.WriteUInt32(DstDataLen);
    }
}
