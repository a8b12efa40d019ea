using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoOpcode;

namespace Qcrypto.Cryptodev.Driver;

/// <summary>Data requests, in session mode and stateless mode.</summary>
public sealed partial class VirtioCryptoDriver
{
    public DriverResult Cipher(ulong sessionId, bool encrypt, byte[] iv, byte[] src, int? dstLength = null)
    {
        var dst = dstLength ?? src.Length;
        var flf = new SymDataFlf(VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_CIPHER, new CipherDataFlf((uint)iv.Length, (uint)src.Length, (uint)dst), default);
        return Data(new OpHeader(encrypt ? VIRTIO_CRYPTO_CIPHER_ENCRYPT : VIRTIO_CRYPTO_CIPHER_DECRYPT, 0, sessionId, DataFlag),
            (ref WireWriter w) => flf.Write(ref w), SymDataFlf.Size, [iv, src], [dst]);
    }

    /// <summary>
    /// The header and fixed part of a session-mode cipher request (the IV, src and dst follow), for a
    /// caller that lays out its own requests and submits them again and again (benches).
    /// </summary>
    public byte[] CipherFixedPart(ulong sessionId, bool encrypt, int ivLength, int srcLength, int dstLength)
    {
        var flf = new SymDataFlf(VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_CIPHER, new CipherDataFlf((uint)ivLength, (uint)srcLength, (uint)dstLength), default);
        return DataFixedPart(new OpHeader(encrypt ? VIRTIO_CRYPTO_CIPHER_ENCRYPT : VIRTIO_CRYPTO_CIPHER_DECRYPT, 0, sessionId, OpHeader.VIRTIO_CRYPTO_FLAG_SESSION_MODE),
            (ref WireWriter w) => flf.Write(ref w), SymDataFlf.Size);
    }

    /// <summary>Chained request; outputs are dst then hash_result.</summary>
    public DriverResult Chain(ulong sessionId, bool encrypt, byte[] iv, byte[] src, byte[] aad, uint cipherStart, uint lenToCipher, uint hashStart, uint lenToHash, uint resultLength)
    {
        var data = new AlgChainDataFlf((uint)iv.Length, (uint)src.Length, (uint)src.Length, cipherStart, lenToCipher, hashStart, lenToHash, (uint)aad.Length, resultLength);
        var flf = new SymDataFlf(VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING, default, data);
        return Data(new OpHeader(encrypt ? VIRTIO_CRYPTO_CIPHER_ENCRYPT : VIRTIO_CRYPTO_CIPHER_DECRYPT, 0, sessionId, DataFlag),
            (ref WireWriter w) => flf.Write(ref w), SymDataFlf.Size, [iv, src, aad], [src.Length, (int)resultLength]);
    }

    public DriverResult Hash(ulong sessionId, byte[] src, uint resultLength) =>
        Data(new OpHeader(VIRTIO_CRYPTO_HASH, 0, sessionId, DataFlag), (ref WireWriter w) => new HashDataFlf((uint)src.Length, resultLength).Write(ref w),
            HashDataFlf.Size, [src], [(int)resultLength]);

    public DriverResult Mac(ulong sessionId, byte[] src, uint resultLength) =>
        Data(new OpHeader(VIRTIO_CRYPTO_MAC, 0, sessionId, DataFlag), (ref WireWriter w) => new HashDataFlf((uint)src.Length, resultLength).Write(ref w),
            HashDataFlf.Size, [src], [(int)resultLength]);

    public DriverResult Aead(ulong sessionId, bool encrypt, byte[] iv, byte[] aad, byte[] src, int dstLength, uint tagLength = 0) =>
        Data(new OpHeader(encrypt ? VIRTIO_CRYPTO_AEAD_ENCRYPT : VIRTIO_CRYPTO_AEAD_DECRYPT, 0, sessionId, DataFlag),
            (ref WireWriter w) => new AeadDataFlf((uint)iv.Length, (uint)aad.Length, (uint)src.Length, (uint)dstLength, tagLength).Write(ref w),
            AeadDataFlf.Size, [iv, src, aad], [dstLength]);

    /// <summary>AKCIPHER_ENCRYPT, DECRYPT or SIGN.</summary>
    public DriverResult Akcipher(VirtioCryptoOpcode opcode, ulong sessionId, byte[] src, int dstLength) =>
        Data(new OpHeader(opcode, 0, sessionId, DataFlag), (ref WireWriter w) => new AkcipherDataFlf((uint)src.Length, (uint)dstLength).Write(ref w),
            AkcipherDataFlf.Size, [src], [dstLength]);

    public DriverResult Verify(ulong sessionId, byte[] signature, byte[] data) =>
        Data(new OpHeader(VIRTIO_CRYPTO_AKCIPHER_VERIFY, 0, sessionId, DataFlag),
            (ref WireWriter w) => new AkcipherDataFlf((uint)signature.Length, (uint)data.Length).Write(ref w),
            AkcipherDataFlf.Size, [signature, data], []);

    public DriverResult CipherStateless(VirtioCryptoCipherAlgo algo, bool encrypt, byte[] key, byte[] iv, byte[] src)
    {
        var flf = new SymDataFlfStateless(VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_CIPHER,
            new CipherDataFlfStateless(algo, (uint)key.Length, encrypt ? VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT : VirtioCryptoOp.VIRTIO_CRYPTO_OP_DECRYPT,
                (uint)iv.Length, (uint)src.Length, (uint)src.Length), default);
        return Data(new OpHeader(encrypt ? VIRTIO_CRYPTO_CIPHER_ENCRYPT : VIRTIO_CRYPTO_CIPHER_DECRYPT, 0, 0, 0),
            (ref WireWriter w) => flf.Write(ref w), SymDataFlfStateless.Size, [key, iv, src], [src.Length], stateless: true);
    }

    public DriverResult HashStateless(VirtioCryptoHashAlgo algo, byte[] src, uint resultLength) =>
        Data(new OpHeader(VIRTIO_CRYPTO_HASH, 0, 0, 0), (ref WireWriter w) => new HashDataFlfStateless(algo, (uint)src.Length, resultLength).Write(ref w),
            HashDataFlfStateless.Size, [src], [(int)resultLength], stateless: true);

    public DriverResult MacStateless(VirtioCryptoMacAlgo algo, byte[] key, byte[] src, uint resultLength) =>
        Data(new OpHeader(VIRTIO_CRYPTO_MAC, 0, 0, 0), (ref WireWriter w) => new MacDataFlfStateless(algo, (uint)key.Length, (uint)src.Length, resultLength).Write(ref w),
            MacDataFlfStateless.Size, [key, src], [(int)resultLength], stateless: true);

    public DriverResult AeadStateless(VirtioCryptoAeadAlgo algo, bool encrypt, byte[] key, byte[] iv, byte[] aad, byte[] src, int dstLength, uint tagLength)
    {
        var op = encrypt ? VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT : VirtioCryptoOp.VIRTIO_CRYPTO_OP_DECRYPT;
        return Data(new OpHeader(encrypt ? VIRTIO_CRYPTO_AEAD_ENCRYPT : VIRTIO_CRYPTO_AEAD_DECRYPT, 0, 0, 0),
            (ref WireWriter w) => new AeadDataFlfStateless(algo, (uint)key.Length, op, (uint)iv.Length, tagLength, (uint)aad.Length, (uint)src.Length, (uint)dstLength).Write(ref w),
            AeadDataFlfStateless.Size, [key, iv, src, aad], [dstLength], stateless: true);
    }

    public DriverResult AkcipherStateless(VirtioCryptoOpcode opcode, VirtioCryptoAkcipherAlgo algo, VirtioCryptoAkcipherKeyType keyType, AkcipherPara para, byte[] key, byte[] src, int dstLength) =>
        Data(new OpHeader(opcode, 0, 0, 0),
            (ref WireWriter w) => new AkcipherDataFlfStateless(algo, keyType, (uint)key.Length, para, (uint)src.Length, (uint)dstLength).Write(ref w),
            AkcipherDataFlfStateless.Size, [key, src], [dstLength], stateless: true);

    /// <summary>A data request from its parts: header, fixed part, inputs, output lengths (status byte added).</summary>
    internal DriverResult Data(OpHeader header, FlfWriter flf, int flfSize, byte[][] inputs, int[] outputs, bool stateless = false)
    {
        var fixedPart = DataFixedPart(header, flf, flfSize, stateless);
        var (result, written) = Submit(control: false, [fixedPart, .. inputs], outputs);
        return new DriverResult(result.Status, result, written);
    }
}
