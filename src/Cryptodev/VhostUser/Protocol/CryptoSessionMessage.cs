using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoOpcode;

namespace Qcrypto.Cryptodev.VhostUser.Protocol;

/// <summary>
/// CREATE_CRYPTO_SESSION's payload in either <see cref="CryptoSessionLayout"/>, read and written
/// through span readers/writers at fixed offsets; the host pointers QEMU copies along are written
/// as zeros and never read. The back-end tells the layouts apart by size (632 or 1072 bytes).
/// </summary>
internal static class CryptoSessionMessage
{
    /// <summary>VHOST_CRYPTO_SYM_CIPHER_MAX_KEY_LEN.</summary>
    public const int CipherKeyCapacity = 64;

    /// <summary>VHOST_CRYPTO_SYM_HMAC_MAX_KEY_LEN.</summary>
    public const int AuthKeyCapacity = 512;

    /// <summary>VHOST_CRYPTO_ASYM_MAX_KEY_LEN (QEMU 8.1+).</summary>
    public const int AsymKeyCapacity = 1024;

    public const int Qemu72Size = 632;
    public const int Qemu81Size = 1072;

    // CryptoDevBackendSymSessionInfo: six u32, four u8, 4 bytes of padding, two pointers.
    private const int SymInfoSize = 48;
    private const int AsymInfoSize = 32;

    public static int SizeOf(CryptoSessionLayout layout) => layout == CryptoSessionLayout.Qemu72 ? Qemu72Size : Qemu81Size;

    public static bool TryDetect(int payloadLength, out CryptoSessionLayout layout)
    {
        layout = payloadLength == Qemu81Size ? CryptoSessionLayout.Qemu81 : CryptoSessionLayout.Qemu72;
        return payloadLength is Qemu72Size or Qemu81Size;
    }

    private static int SessionIdOffset(CryptoSessionLayout layout) => layout == CryptoSessionLayout.Qemu72 ? 0 : Qemu81Size - 8;

    /// <summary>Where the sym (or asym) info starts: right after session_id (7.2) or op_code (8.1).</summary>
    private const int InfoOffset = 8;

    public static long ReadSessionId(ReadOnlySpan<byte> payload, CryptoSessionLayout layout) =>
        (long)new WireReader(payload.Slice(SessionIdOffset(layout), 8)).ReadUInt64();

    public static void WriteSessionId(Span<byte> payload, CryptoSessionLayout layout, long sessionId) =>
        new WireWriter(payload.Slice(SessionIdOffset(layout), 8)).WriteUInt64((ulong)sessionId);

    /// <summary>
    /// Reads a request. False (with the reason) for a payload that names no session we can build:
    /// a key longer than its field, an op_type or op_code without a session kind.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, CryptoSessionLayout layout, out SessionRequest request, out int cipherKeyLength, out int authKeyLength, out string? reason)
    {
        request = default;
        cipherKeyLength = authKeyLength = 0;
        reason = null;
        if (payload.Length != SizeOf(layout))
        {
            reason = $"session payload of {payload.Length} bytes (expected {SizeOf(layout)})";
            return false;
        }

        var opcode = layout == CryptoSessionLayout.Qemu72 ? VIRTIO_CRYPTO_CIPHER_CREATE_SESSION : (VirtioCryptoOpcode)new WireReader(payload[..8]).ReadUInt64();
        if (opcode == VIRTIO_CRYPTO_AKCIPHER_CREATE_SESSION)
        {
            var asym = new WireReader(payload.Slice(InfoOffset, AsymInfoSize));
            var algo = (VirtioCryptoAkcipherAlgo)asym.ReadUInt32();
            var keyType = (VirtioCryptoAkcipherKeyType)asym.ReadUInt32();
            var keyLength = asym.ReadUInt32();
            asym.Skip(12);
            var para = new AkcipherPara(asym.ReadUInt32(), asym.ReadUInt32());
            if (keyLength > AsymKeyCapacity)
            {
                reason = $"asymmetric key length {keyLength} exceeds {AsymKeyCapacity}";
                return false;
            }

            request = new SessionRequest { Kind = SessionKind.Akcipher, AkcipherAlgo = algo, KeyType = keyType, AkcipherPara = para };
            cipherKeyLength = (int)keyLength;
            return true;
        }

        var sym = new WireReader(payload.Slice(InfoOffset, SymInfoSize));
        var cipherAlg = sym.ReadUInt32();
        var keyLen = sym.ReadUInt32();
        var hashAlg = sym.ReadUInt32();
        var hashResultLen = sym.ReadUInt32();
        var authKeyLen = sym.ReadUInt32();
        var addLen = sym.ReadUInt32();
        var opType = (VirtioCryptoSymOp)sym.ReadByte();
        var direction = (VirtioCryptoOp)sym.ReadByte();
        var hashMode = (VirtioCryptoHashMode)sym.ReadByte();
        var chainOrder = (VirtioCryptoChainOrder)sym.ReadByte();
        if (keyLen > CipherKeyCapacity || authKeyLen > AuthKeyCapacity)
        {
            reason = keyLen > CipherKeyCapacity ? $"cipher key length {keyLen} exceeds {CipherKeyCapacity}" : $"auth key length {authKeyLen} exceeds {AuthKeyCapacity}";
            return false;
        }

        switch (opcode)
        {
            case VIRTIO_CRYPTO_CIPHER_CREATE_SESSION when opType == VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_CIPHER:
                request = new SessionRequest { Kind = SessionKind.Cipher, CipherAlgo = (VirtioCryptoCipherAlgo)cipherAlg, CipherOp = direction };
                cipherKeyLength = (int)keyLen;
                return true;
            case VIRTIO_CRYPTO_CIPHER_CREATE_SESSION when opType == VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING:
                var auth = hashMode == VirtioCryptoHashMode.VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH;
                request = new SessionRequest
                {
                    Kind = SessionKind.Chain,
                    CipherAlgo = (VirtioCryptoCipherAlgo)cipherAlg,
                    CipherOp = direction,
                    ChainOrder = chainOrder,
                    HashMode = hashMode,
                    HashAlgo = auth ? default : (VirtioCryptoHashAlgo)hashAlg,
                    MacAlgo = auth ? (VirtioCryptoMacAlgo)hashAlg : default,
                    ResultLength = hashResultLen,
                    AadLength = addLen,
                };
                cipherKeyLength = (int)keyLen;
                authKeyLength = auth ? (int)authKeyLen : 0;
                return true;
            case VIRTIO_CRYPTO_HASH_CREATE_SESSION:
                request = new SessionRequest { Kind = SessionKind.Hash, HashAlgo = (VirtioCryptoHashAlgo)hashAlg, ResultLength = hashResultLen };
                return true;
            case VIRTIO_CRYPTO_MAC_CREATE_SESSION:
                request = new SessionRequest { Kind = SessionKind.Mac, MacAlgo = (VirtioCryptoMacAlgo)hashAlg, ResultLength = hashResultLen };
                authKeyLength = (int)authKeyLen;
                return true;
            case VIRTIO_CRYPTO_AEAD_CREATE_SESSION:
                request = new SessionRequest
                {
                    Kind = SessionKind.Aead,
                    AeadAlgo = (VirtioCryptoAeadAlgo)cipherAlg,
                    AeadOp = direction,
                    ResultLength = hashResultLen,
                    AadLength = addLen,
                };
                cipherKeyLength = (int)keyLen;
                return true;
            default:
                reason = opcode == VIRTIO_CRYPTO_CIPHER_CREATE_SESSION ? $"unsupported cipher op_type: {(uint)opType}" : $"unsupported session op_code 0x{(uint)opcode:x}";
                return false;
        }
    }

    /// <summary>The keys of a request that <see cref="TryRead"/> accepted.</summary>
    public static void Keys(ReadOnlySpan<byte> payload, CryptoSessionLayout layout, in SessionRequest request, int cipherKeyLength, int authKeyLength,
        out ReadOnlySpan<byte> cipherKey, out ReadOnlySpan<byte> authKey)
    {
        const int keyOffset = InfoOffset + SymInfoSize;
        if (request.Kind == SessionKind.Akcipher)
        {
            cipherKey = payload.Slice(InfoOffset + AsymInfoSize, cipherKeyLength);
            authKey = default;
            return;
        }

        _ = layout;
        cipherKey = payload.Slice(keyOffset, cipherKeyLength);
        authKey = payload.Slice(keyOffset + CipherKeyCapacity, authKeyLength);
    }

    /// <summary>
    /// Writes a request for <paramref name="request"/> (the payload must be zero). False when the
    /// layout cannot express it: HASH, MAC, AEAD and AKCIPHER sessions need <see cref="CryptoSessionLayout.Qemu81"/>,
    /// and every key must fit its field.
    /// </summary>
    public static bool TryWrite(Span<byte> payload, CryptoSessionLayout layout, in SessionRequest request, ReadOnlySpan<byte> cipherKey, ReadOnlySpan<byte> authKey)
    {
        if (payload.Length != SizeOf(layout))
        {
            return false;
        }

        payload.Clear();
        var opcode = request.Kind switch
        {
            SessionKind.Cipher or SessionKind.Chain => VIRTIO_CRYPTO_CIPHER_CREATE_SESSION,
            SessionKind.Hash => VIRTIO_CRYPTO_HASH_CREATE_SESSION,
            SessionKind.Mac => VIRTIO_CRYPTO_MAC_CREATE_SESSION,
            SessionKind.Aead => VIRTIO_CRYPTO_AEAD_CREATE_SESSION,
            _ => VIRTIO_CRYPTO_AKCIPHER_CREATE_SESSION,
        };
        if (layout == CryptoSessionLayout.Qemu72 && opcode != VIRTIO_CRYPTO_CIPHER_CREATE_SESSION)
        {
            return false;
        }

        if (layout == CryptoSessionLayout.Qemu81)
        {
            new WireWriter(payload[..8]).WriteUInt64((ulong)opcode);
        }

        if (request.Kind == SessionKind.Akcipher)
        {
            if (cipherKey.Length > AsymKeyCapacity)
            {
                return false;
            }

            var asym = new WireWriter(payload.Slice(InfoOffset, AsymInfoSize));
            asym.WriteUInt32((uint)request.AkcipherAlgo);
            asym.WriteUInt32((uint)request.KeyType);
            asym.WriteUInt32((uint)cipherKey.Length);
            asym.WriteZeros(12);
            asym.WriteUInt32(request.AkcipherPara.Word0);
            asym.WriteUInt32(request.AkcipherPara.Word1);
            cipherKey.CopyTo(payload[(InfoOffset + AsymInfoSize)..]);
            return true;
        }

        if (cipherKey.Length > CipherKeyCapacity || authKey.Length > AuthKeyCapacity)
        {
            return false;
        }

        var auth = request.HashMode == VirtioCryptoHashMode.VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH;
        var (cipherAlg, hashAlg, opType, direction) = request.Kind switch
        {
            SessionKind.Cipher => ((uint)request.CipherAlgo, 0u, VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_CIPHER, request.CipherOp),
            SessionKind.Chain => ((uint)request.CipherAlgo, auth ? (uint)request.MacAlgo : (uint)request.HashAlgo, VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING, request.CipherOp),
            SessionKind.Hash => (0u, (uint)request.HashAlgo, VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_NONE, default),
            SessionKind.Mac => (0u, (uint)request.MacAlgo, VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_NONE, default),
            _ => ((uint)request.AeadAlgo, 0u, VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_NONE, request.AeadOp),
        };
        var sym = new WireWriter(payload.Slice(InfoOffset, SymInfoSize));
        sym.WriteUInt32(cipherAlg);
        sym.WriteUInt32((uint)cipherKey.Length);
        sym.WriteUInt32(hashAlg);
        sym.WriteUInt32(request.ResultLength);
        sym.WriteUInt32((uint)authKey.Length);
        sym.WriteUInt32(request.AadLength);
        sym.WriteByte((byte)opType);
        sym.WriteByte((byte)direction);
        sym.WriteByte(request.Kind == SessionKind.Chain ? (byte)request.HashMode : (byte)0);
        sym.WriteByte(request.Kind == SessionKind.Chain ? (byte)request.ChainOrder : (byte)0);
        const int keyOffset = InfoOffset + SymInfoSize;
        cipherKey.CopyTo(payload[keyOffset..]);
        authKey.CopyTo(payload[(keyOffset + CipherKeyCapacity)..]);
        return true;
    }
}
