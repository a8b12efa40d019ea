namespace Qcrypto.Cryptodev.Wire;

// The fixed-length parts of the control queue's create/destroy requests (virtio spec, "Session
// operation"). Each TryRead checks the whole struct fits before it reads a field.

/// <summary>virtio_crypto_cipher_session_flf (16 bytes); vlf: cipher_key[key_len].</summary>
internal readonly record struct CipherSessionFlf(VirtioCryptoCipherAlgo Algo, uint KeyLen, VirtioCryptoOp Op)
{
    public const int Size = 16;

    public static bool TryRead(ref WireReader reader, out CipherSessionFlf flf)
    {
        flf = default;
        if (!reader.CanRead(Size))
        {
            return false;
        }

        flf = new CipherSessionFlf((VirtioCryptoCipherAlgo)reader.ReadUInt32(), reader.ReadUInt32(), (VirtioCryptoOp)reader.ReadUInt32());
        reader.Skip(4);
        return true;
    }

    public void Write(ref WireWriter writer)
    {
        writer.WriteUInt32((uint)Algo);
        writer.WriteUInt32(KeyLen);
        writer.WriteUInt32((uint)Op);
        writer.WriteUInt32(0);
    }
}

/// <summary>virtio_crypto_hash_create_session_flf (8 bytes); no vlf.</summary>
internal readonly record struct HashSessionFlf(VirtioCryptoHashAlgo Algo, uint HashResultLen)
{
    public const int Size = 8;

    public static bool TryRead(ref WireReader reader, out HashSessionFlf flf)
    {
        flf = default;
        if (!reader.CanRead(Size))
        {
            return false;
        }

        flf = new HashSessionFlf((VirtioCryptoHashAlgo)reader.ReadUInt32(), reader.ReadUInt32());
        return true;
    }

    public void Write(ref WireWriter writer)
    {
        writer.WriteUInt32((uint)Algo);
        writer.WriteUInt32(HashResultLen);
    }
}

/// <summary>virtio_crypto_mac_create_session_flf (16 bytes); vlf: auth_key[auth_key_len].</summary>
internal readonly record struct MacSessionFlf(VirtioCryptoMacAlgo Algo, uint HashResultLen, uint AuthKeyLen)
{
    public const int Size = 16;

    public static bool TryRead(ref WireReader reader, out MacSessionFlf flf)
    {
        flf = default;
        if (!reader.CanRead(Size))
        {
            return false;
        }

        flf = new MacSessionFlf((VirtioCryptoMacAlgo)reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32());
        reader.Skip(4);
        return true;
    }

    public void Write(ref WireWriter writer)
    {
        writer.WriteUInt32((uint)Algo);
        writer.WriteUInt32(HashResultLen);
        writer.WriteUInt32(AuthKeyLen);
        writer.WriteUInt32(0);
    }
}

/// <summary>
/// virtio_crypto_alg_chain_session_flf (48 bytes): a cipher and a hash (PLAIN) or MAC (AUTH) in one
/// session; vlf: cipher_key[key_len] then auth_key[auth_key_len].
/// </summary>
internal readonly record struct AlgChainSessionFlf(
    VirtioCryptoChainOrder AlgChainOrder,
    VirtioCryptoHashMode HashMode,
    CipherSessionFlf CipherHdr,
    HashSessionFlf Hash,
    MacSessionFlf Mac,
    uint AadLen)
{
    public const int Size = 48;

    public static bool TryRead(ref WireReader reader, out AlgChainSessionFlf flf)
    {
        flf = default;
        if (!reader.CanRead(Size))
        {
            return false;
        }

        var order = (VirtioCryptoChainOrder)reader.ReadUInt32();
        var mode = (VirtioCryptoHashMode)reader.ReadUInt32();
        CipherSessionFlf.TryRead(ref reader, out var cipher);

        // algo_flf is a 16-byte union: read it both ways, hash_mode says which one counts.
        var union = reader.ReadBytes(WireSizes.AlgChainSessOpSpecHdrSize);
        var unionReader = new WireReader(union);
        HashSessionFlf.TryRead(ref unionReader, out var hash);
        unionReader = new WireReader(union);
        MacSessionFlf.TryRead(ref unionReader, out var mac);
        var aad = reader.ReadUInt32();
        reader.Skip(4);
        flf = new AlgChainSessionFlf(order, mode, cipher, hash, mac, aad);
        return true;
    }

    public void Write(ref WireWriter writer)
    {
        var start = writer.Position;
        writer.WriteUInt32((uint)AlgChainOrder);
        writer.WriteUInt32((uint)HashMode);
        CipherHdr.Write(ref writer);
        var union = writer.Position;
        if (HashMode == VirtioCryptoHashMode.VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH)
        {
            Mac.Write(ref writer);
        }
        else
        {
            Hash.Write(ref writer);
        }

        writer.PadTo(union + WireSizes.AlgChainSessOpSpecHdrSize);
        writer.WriteUInt32(AadLen);
        writer.WriteUInt32(0);
        writer.PadTo(start + Size);
    }
}

/// <summary>
/// virtio_crypto_sym_create_session_flf (56 bytes): op_flf[48] holding a cipher or chain session flf,
/// then op_type.
/// </summary>
internal readonly record struct SymCreateSessionFlf(VirtioCryptoSymOp OpType, CipherSessionFlf Cipher, AlgChainSessionFlf Chain)
{
    public const int Size = WireSizes.SymSessOpSpecHdrSize + 8;

    public static bool TryRead(ref WireReader reader, out SymCreateSessionFlf flf)
    {
        flf = default;
        if (!reader.CanRead(Size))
        {
            return false;
        }

        var union = reader.ReadBytes(WireSizes.SymSessOpSpecHdrSize);
        var opType = (VirtioCryptoSymOp)reader.ReadUInt32();
        reader.Skip(4);
        var unionReader = new WireReader(union);
        CipherSessionFlf.TryRead(ref unionReader, out var cipher);
        unionReader = new WireReader(union);
        AlgChainSessionFlf.TryRead(ref unionReader, out var chain);
        flf = new SymCreateSessionFlf(opType, cipher, chain);
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

        writer.PadTo(start + WireSizes.SymSessOpSpecHdrSize);
        writer.WriteUInt32((uint)OpType);
        writer.WriteUInt32(0);
    }
}

/// <summary>virtio_crypto_aead_create_session_flf (24 bytes); vlf: key[key_len].</summary>
internal readonly record struct AeadSessionFlf(VirtioCryptoAeadAlgo Algo, uint KeyLen, uint TagLen, uint AadLen, VirtioCryptoOp Op)
{
    public const int Size = 24;

    public static bool TryRead(ref WireReader reader, out AeadSessionFlf flf)
    {
        flf = default;
        if (!reader.CanRead(Size))
        {
            return false;
        }

        flf = new AeadSessionFlf((VirtioCryptoAeadAlgo)reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt32(),
            (VirtioCryptoOp)reader.ReadUInt32());
        reader.Skip(4);
        return true;
    }

    public void Write(ref WireWriter writer)
    {
        writer.WriteUInt32((uint)Algo);
        writer.WriteUInt32(KeyLen);
        writer.WriteUInt32(TagLen);
        writer.WriteUInt32(AadLen);
        writer.WriteUInt32((uint)Op);
        writer.WriteUInt32(0);
    }
}

/// <summary>
/// The algorithm-specific part of an AKCIPHER session: virtio_crypto_rsa_session_para
/// (padding_algo, hash_algo) or virtio_crypto_ecdsa_session_para (curve_id, aliasing padding_algo).
/// </summary>
public readonly record struct AkcipherPara(uint Word0, uint Word1)
{
    public VirtioCryptoRsaPadding RsaPadding => (VirtioCryptoRsaPadding)Word0;

    public VirtioCryptoRsaHash RsaHash => (VirtioCryptoRsaHash)Word1;

    public VirtioCryptoCurve Curve => (VirtioCryptoCurve)Word0;

    public static AkcipherPara Rsa(VirtioCryptoRsaPadding padding, VirtioCryptoRsaHash hash) => new((uint)padding, (uint)hash);

    public static AkcipherPara Ecdsa(VirtioCryptoCurve curve) => new((uint)curve, 0);
}

/// <summary>virtio_crypto_akcipher_create_session_flf (56 bytes); vlf: key[key_len] (DER, see the spec).</summary>
internal readonly record struct AkcipherSessionFlf(VirtioCryptoAkcipherAlgo Algo, VirtioCryptoAkcipherKeyType KeyType, uint KeyLen, AkcipherPara Para)
{
    public const int Size = 12 + WireSizes.AkcipherSessAlgoSpecHdrSize;

    public static bool TryRead(ref WireReader reader, out AkcipherSessionFlf flf)
    {
        flf = default;
        if (!reader.CanRead(Size))
        {
            return false;
        }

        var algo = (VirtioCryptoAkcipherAlgo)reader.ReadUInt32();
        var keyType = (VirtioCryptoAkcipherKeyType)reader.ReadUInt32();
        var keyLen = reader.ReadUInt32();
        var para = new AkcipherPara(reader.ReadUInt32(), reader.ReadUInt32());
        reader.Skip(WireSizes.AkcipherSessAlgoSpecHdrSize - 8);
        flf = new AkcipherSessionFlf(algo, keyType, keyLen, para);
        return true;
    }

    public void Write(ref WireWriter writer)
    {
        writer.WriteUInt32((uint)Algo);
        writer.WriteUInt32((uint)KeyType);
        writer.WriteUInt32(KeyLen);
        writer.WriteUInt32(Para.Word0);
        writer.WriteUInt32(Para.Word1);
        writer.WriteZeros(WireSizes.AkcipherSessAlgoSpecHdrSize - 8);
    }
}

/// <summary>virtio_crypto_destroy_session_flf (8 bytes).</summary>
internal readonly record struct DestroySessionFlf(ulong SessionId)
{
    public const int Size = 8;

    public static bool TryRead(ref WireReader reader, out DestroySessionFlf flf)
    {
        flf = default;
        if (!reader.CanRead(Size))
        {
            return false;
        }

        flf = new DestroySessionFlf(reader.ReadUInt64());
        return true;
    }

    public void Write(ref WireWriter writer) => writer.WriteUInt64(SessionId);
}

/// <summary>virtio_crypto_create_session_input (16 bytes, device-writable): the id is valid only with OK.</summary>
internal readonly record struct CreateSessionInput(ulong SessionId, uint Status)
{
    public const int Size = WireSizes.CreateSessionInput;

    public static bool TryRead(ref WireReader reader, out CreateSessionInput input)
    {
        input = default;
        if (!reader.CanRead(Size))
        {
            return false;
        }

        input = new CreateSessionInput(reader.ReadUInt64(), reader.ReadUInt32());
        reader.Skip(4);
        return true;
    }

    public void Write(ref WireWriter writer)
    {
        writer.WriteUInt64(SessionId);
        writer.WriteUInt32(Status);
        writer.WriteUInt32(0);
    }
}
