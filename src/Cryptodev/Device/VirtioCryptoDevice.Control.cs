using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoOpcode;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Device;

/// <summary>
/// The control queue: session create and destroy, checked in QEMU 7.2's order
/// (virtio_crypto_handle_ctrl): both segment lists, the header and fixed part (72 bytes without
/// REVISION_1), each key against its maximum (ERR) and then against the segments (device error),
/// the session, and last whether the outcome fits the writable segments (device error).
/// </summary>
public sealed partial class VirtioCryptoDevice
{
    /// <summary>sizeof(struct virtio_crypto_op_ctrl_req): what QEMU reads before looking at the opcode.</summary>
    private const int LegacyControlPart = CtrlHeader.Size + WireSizes.CtrlqOpSpecHdrLegacy;

    /// <summary>
    /// Runs one control request: header, fixed part (56 bytes without REVISION_1), keys, then the
    /// device-writable outcome (virtio_crypto_create_session_input, 16 bytes, or the destroy status byte).
    /// </summary>
    public RequestResult ProcessControl(VirtqueueElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        scoped var buffers = new RequestBuffers(element);
        if (buffers.MissingSegments)
        {
            return ControlError(ref buffers, DeviceErrors.CtrlMissingHeaders);
        }

        if ((!_revision1 && !buffers.HasReadable(LegacyControlPart)) || !buffers.TryRead(0, CtrlHeader.Size, out var headerBytes))
        {
            return ControlError(ref buffers, DeviceErrors.CtrlHeaderTooShort);
        }

        var reader = new WireReader(headerBytes);
        CtrlHeader.TryRead(ref reader, out var header);
        switch (header.Opcode)
        {
            case VIRTIO_CRYPTO_CIPHER_DESTROY_SESSION or VIRTIO_CRYPTO_HASH_DESTROY_SESSION or VIRTIO_CRYPTO_MAC_DESTROY_SESSION
                or VIRTIO_CRYPTO_AEAD_DESTROY_SESSION or VIRTIO_CRYPTO_AKCIPHER_DESTROY_SESSION:
                return Destroy(ref buffers);
            case VIRTIO_CRYPTO_CIPHER_CREATE_SESSION or VIRTIO_CRYPTO_HASH_CREATE_SESSION or VIRTIO_CRYPTO_MAC_CREATE_SESSION
                or VIRTIO_CRYPTO_AEAD_CREATE_SESSION or VIRTIO_CRYPTO_AKCIPHER_CREATE_SESSION:
                return Create(ref buffers, header.Opcode);
            default:
                // QEMU: "virtio-crypto unsupported ctrl opcode", NOTSUPP in a create-session input.
                return CreateOutcome(ref buffers, VIRTIO_CRYPTO_NOTSUPP, 0);
        }
    }

    private RequestResult Destroy(ref RequestBuffers buffers)
    {
        var flfSize = CtrlFlfSize(DestroySessionFlf.Size);
        if (!buffers.TryRead(CtrlHeader.Size, flfSize, out var flfBytes))
        {
            return ControlError(ref buffers, DeviceErrors.CtrlHeaderTooShort);
        }

        var reader = new WireReader(flfBytes);
        DestroySessionFlf.TryRead(ref reader, out var flf);

        // As in QEMU the session goes first, then the status byte is written; no room for it breaks
        // the device. QEMU 7.2's builtin asserts on a bogus id (a guest-triggered abort); we answer ERR.
        var status = Backend.CloseSession(flf.SessionId);
        if (!buffers.TryWriteOutcome([(byte)status]))
        {
            return new RequestResult(VIRTIO_CRYPTO_ERR, 0, DeviceError: DeviceErrors.Status);
        }

        return new RequestResult(status, WireSizes.DestroySessionInput);
    }

    private RequestResult Create(ref RequestBuffers buffers, VirtioCryptoOpcode opcode)
    {
        var sessionFlfSize = opcode switch
        {
            VIRTIO_CRYPTO_CIPHER_CREATE_SESSION => SymCreateSessionFlf.Size,
            VIRTIO_CRYPTO_HASH_CREATE_SESSION => HashSessionFlf.Size,
            VIRTIO_CRYPTO_MAC_CREATE_SESSION => MacSessionFlf.Size,
            VIRTIO_CRYPTO_AEAD_CREATE_SESSION => AeadSessionFlf.Size,
            _ => AkcipherSessionFlf.Size,
        };
        var flfSize = CtrlFlfSize(sessionFlfSize);
        if (!buffers.TryRead(CtrlHeader.Size, flfSize, out var flfBytes))
        {
            return ControlError(ref buffers, DeviceErrors.CtrlHeaderTooShort);
        }

        if (!ParseCreate(opcode, flfBytes, out var request, out var cipherKeyLen, out var authKeyLen))
        {
            // QEMU: "unsupported cipher op_type" / "unsupported asym keytype": NOTSUPP before any key is read.
            return CreateOutcome(ref buffers, VIRTIO_CRYPTO_NOTSUPP, 0);
        }

        var config = Backend.Config;
        if (!config.Offers(request.Service))
        {
            return CreateOutcome(ref buffers, VIRTIO_CRYPTO_NOTSUPP, 0);
        }

        // Each key: its length against the advertised maximum (QEMU: "length of cipher key is too
        // big", ERR), then against the segments (QEMU: virtio_error), cipher key first.
        var maxCipher = request.Kind == SessionKind.Akcipher ? config.MaxAkcipherKeyLen : config.MaxCipherKeyLen;
        if (cipherKeyLen > maxCipher)
        {
            return CreateOutcome(ref buffers, VIRTIO_CRYPTO_ERR, 0);
        }

        long keyOffset = CtrlHeader.Size + flfSize;
        if (!buffers.TryRead(keyOffset, (int)cipherKeyLen, out var cipherKey))
        {
            return CreateOutcome(ref buffers, VIRTIO_CRYPTO_ERR, 0, request.Kind == SessionKind.Akcipher ? DeviceErrors.AsymKey : DeviceErrors.CipherKey);
        }

        if (authKeyLen > config.MaxAuthKeyLen)
        {
            return CreateOutcome(ref buffers, VIRTIO_CRYPTO_ERR, 0);
        }

        if (!buffers.TryRead(keyOffset + cipherKeyLen, (int)authKeyLen, out var authKey))
        {
            return CreateOutcome(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.AuthKey);
        }

        // QEMU creates the session and then finds no room for its id (a session the guest can never
        // use or destroy); we check the room first and create nothing.
        if (buffers.WritableLength < WireSizes.CreateSessionInput)
        {
            return ControlError(ref buffers, DeviceErrors.Input);
        }

        var status = Backend.CreateSession(request, cipherKey, authKey, _revision1, out var sessionId);
        return CreateOutcome(ref buffers, status, status == VIRTIO_CRYPTO_OK ? sessionId : 0);
    }

    /// <summary>The session parameters and key lengths of a create request; false for a request QEMU answers NOTSUPP before reading keys.</summary>
    private static bool ParseCreate(VirtioCryptoOpcode opcode, ReadOnlySpan<byte> flfBytes, out SessionRequest request, out uint cipherKeyLen, out uint authKeyLen)
    {
        var reader = new WireReader(flfBytes);
        request = default;
        cipherKeyLen = authKeyLen = 0;
        switch (opcode)
        {
            case VIRTIO_CRYPTO_CIPHER_CREATE_SESSION:
            {
                SymCreateSessionFlf.TryRead(ref reader, out var sym);
                switch (sym.OpType)
                {
                    case VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_CIPHER:
                        request = new SessionRequest { Kind = SessionKind.Cipher, CipherAlgo = sym.Cipher.Algo, CipherOp = sym.Cipher.Op };
                        cipherKeyLen = sym.Cipher.KeyLen;
                        break;
                    case VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING:
                        var chain = sym.Chain;
                        var auth = chain.HashMode == VirtioCryptoHashMode.VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH;
                        request = new SessionRequest
                        {
                            Kind = SessionKind.Chain,
                            CipherAlgo = chain.CipherHdr.Algo,
                            CipherOp = chain.CipherHdr.Op,
                            ChainOrder = chain.AlgChainOrder,
                            HashMode = chain.HashMode,
                            HashAlgo = chain.Hash.Algo,
                            MacAlgo = chain.Mac.Algo,
                            ResultLength = auth ? chain.Mac.HashResultLen : chain.Hash.HashResultLen,
                            AadLength = chain.AadLen,
                        };
                        cipherKeyLen = chain.CipherHdr.KeyLen;
                        authKeyLen = auth ? chain.Mac.AuthKeyLen : 0;
                        break;
                    default:
                        // QEMU: "unsupported cipher op_type: VIRTIO_CRYPTO_SYM_OP_NONE".
                        return false;
                }

                break;
            }

            case VIRTIO_CRYPTO_HASH_CREATE_SESSION:
            {
                HashSessionFlf.TryRead(ref reader, out var hash);
                request = new SessionRequest { Kind = SessionKind.Hash, HashAlgo = hash.Algo, ResultLength = hash.HashResultLen };
                break;
            }

            case VIRTIO_CRYPTO_MAC_CREATE_SESSION:
            {
                MacSessionFlf.TryRead(ref reader, out var mac);
                request = new SessionRequest { Kind = SessionKind.Mac, MacAlgo = mac.Algo, ResultLength = mac.HashResultLen };
                authKeyLen = mac.AuthKeyLen;
                break;
            }

            case VIRTIO_CRYPTO_AEAD_CREATE_SESSION:
            {
                AeadSessionFlf.TryRead(ref reader, out var aead);
                request = new SessionRequest { Kind = SessionKind.Aead, AeadAlgo = aead.Algo, AeadOp = aead.Op, ResultLength = aead.TagLen, AadLength = aead.AadLen };
                cipherKeyLen = aead.KeyLen;
                break;
            }

            default:
            {
                AkcipherSessionFlf.TryRead(ref reader, out var ak);
                if (ak.KeyType is not (VirtioCryptoAkcipherKeyType.VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PUBLIC or VirtioCryptoAkcipherKeyType.VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE))
                {
                    // QEMU: "unsupported asym keytype", checked before the key is read.
                    return false;
                }

                request = new SessionRequest { Kind = SessionKind.Akcipher, AkcipherAlgo = ak.Algo, KeyType = ak.KeyType, AkcipherPara = ak.Para };
                cipherKeyLen = ak.KeyLen;
                break;
            }
        }

        return true;
    }

    /// <summary>Writes a virtio_crypto_session_input; no room for it breaks the device (QEMU: "virtio-crypto input incorrect").</summary>
    private static RequestResult CreateOutcome(ref RequestBuffers buffers, VirtioCryptoStatus status, ulong sessionId, string? deviceError = null)
    {
        if (buffers.WritableLength < WireSizes.CreateSessionInput)
        {
            return ControlError(ref buffers, deviceError ?? DeviceErrors.Input);
        }

        Span<byte> outcome = stackalloc byte[WireSizes.CreateSessionInput];
        var writer = new WireWriter(outcome);
        new CreateSessionInput(sessionId, (uint)status).Write(ref writer);
        buffers.TryWriteOutcome(outcome);
        return new RequestResult(status, WireSizes.CreateSessionInput, DeviceError: deviceError);
    }

    /// <summary>A request too broken to answer in its own format: ERR in whatever outcome space there is.</summary>
    private static RequestResult ControlError(ref RequestBuffers buffers, string message)
    {
        if (buffers.WritableLength >= WireSizes.CreateSessionInput)
        {
            Span<byte> outcome = stackalloc byte[WireSizes.CreateSessionInput];
            var writer = new WireWriter(outcome);
            new CreateSessionInput(0, (uint)VIRTIO_CRYPTO_ERR).Write(ref writer);
            buffers.TryWriteOutcome(outcome);
            return new RequestResult(VIRTIO_CRYPTO_ERR, WireSizes.CreateSessionInput, DeviceError: message);
        }

        var written = buffers.Finish(0, (byte)VIRTIO_CRYPTO_ERR);
        return new RequestResult(VIRTIO_CRYPTO_ERR, written ? 1u : 0u, DeviceError: message);
    }
}
