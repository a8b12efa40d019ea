using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoOpcode;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Device;

/// <summary>The control queue: session create and destroy.</summary>
public sealed partial class VirtioCryptoDevice
{
    /// <summary>
    /// Runs one control request: header, fixed part (56 bytes without REVISION_1), keys, then the
    /// device-writable outcome (virtio_crypto_create_session_input, 16 bytes, or the destroy status byte).
    /// </summary>
    public RequestResult ProcessControl(VirtqueueElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        scoped var buffers = new RequestBuffers(element);
        Span<byte> fixedPart = stackalloc byte[CtrlHeader.Size + WireSizes.CtrlqOpSpecHdrLegacy];
        if (!buffers.TryCopy(0, fixedPart[..CtrlHeader.Size]))
        {
            return ControlError(ref buffers, "virtio-crypto request ctrl_hdr too short");
        }

        var reader = new WireReader(fixedPart[..CtrlHeader.Size]);
        CtrlHeader.TryRead(ref reader, out var header);
        switch (header.Opcode)
        {
            case VIRTIO_CRYPTO_CIPHER_DESTROY_SESSION or VIRTIO_CRYPTO_HASH_DESTROY_SESSION or VIRTIO_CRYPTO_MAC_DESTROY_SESSION
                or VIRTIO_CRYPTO_AEAD_DESTROY_SESSION or VIRTIO_CRYPTO_AKCIPHER_DESTROY_SESSION:
                return Destroy(ref buffers, fixedPart);
            case VIRTIO_CRYPTO_CIPHER_CREATE_SESSION or VIRTIO_CRYPTO_HASH_CREATE_SESSION or VIRTIO_CRYPTO_MAC_CREATE_SESSION
                or VIRTIO_CRYPTO_AEAD_CREATE_SESSION or VIRTIO_CRYPTO_AKCIPHER_CREATE_SESSION:
                return Create(ref buffers, header.Opcode, fixedPart);
            default:
                // QEMU: "virtio-crypto unsupported ctrl opcode", NOTSUPP in a create-session input.
                return CreateOutcome(ref buffers, VIRTIO_CRYPTO_NOTSUPP, 0);
        }
    }

    private RequestResult Destroy(ref RequestBuffers buffers, Span<byte> fixedPart)
    {
        var flfSize = CtrlFlfSize(DestroySessionFlf.Size);
        if (!buffers.TryCopy(CtrlHeader.Size, fixedPart.Slice(CtrlHeader.Size, flfSize)))
        {
            return ControlError(ref buffers, "virtio-crypto request ctrl_hdr too short");
        }

        var reader = new WireReader(fixedPart.Slice(CtrlHeader.Size, flfSize));
        DestroySessionFlf.TryRead(ref reader, out var flf);
        if (buffers.WritableLength < WireSizes.DestroySessionInput)
        {
            buffers.Abandon();
            return new RequestResult(VIRTIO_CRYPTO_ERR, 0, DeviceError: "virtio-crypto input incorrect");
        }

        // QEMU 7.2's builtin asserts on a bogus id (a guest-triggered abort); we answer ERR.
        var status = Backend.CloseSession(flf.SessionId);
        buffers.TryWrite(0, 1, out var outcome);
        outcome[0] = (byte)status;
        buffers.Finish(WireSizes.DestroySessionInput);
        return new RequestResult(status, WireSizes.DestroySessionInput);
    }

    private RequestResult Create(ref RequestBuffers buffers, VirtioCryptoOpcode opcode, Span<byte> fixedPart)
    {
        if (buffers.WritableLength < WireSizes.CreateSessionInput)
        {
            buffers.Abandon();
            return new RequestResult(VIRTIO_CRYPTO_ERR, 0, DeviceError: "virtio-crypto input incorrect");
        }

        var sessionFlfSize = opcode switch
        {
            VIRTIO_CRYPTO_CIPHER_CREATE_SESSION => SymCreateSessionFlf.Size,
            VIRTIO_CRYPTO_HASH_CREATE_SESSION => HashSessionFlf.Size,
            VIRTIO_CRYPTO_MAC_CREATE_SESSION => MacSessionFlf.Size,
            VIRTIO_CRYPTO_AEAD_CREATE_SESSION => AeadSessionFlf.Size,
            _ => AkcipherSessionFlf.Size,
        };
        var flfSize = CtrlFlfSize(sessionFlfSize);
        var flfBytes = fixedPart.Slice(CtrlHeader.Size, flfSize);
        if (!buffers.TryCopy(CtrlHeader.Size, flfBytes))
        {
            return CreateOutcome(ref buffers, VIRTIO_CRYPTO_ERR, 0, "virtio-crypto request ctrl_hdr too short");
        }

        var reader = new WireReader(flfBytes);
        var config = Backend.Config;
        SessionRequest request;
        uint cipherKeyLen = 0;
        uint authKeyLen = 0;
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
                        return CreateOutcome(ref buffers, VIRTIO_CRYPTO_NOTSUPP, 0);
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
                request = new SessionRequest { Kind = SessionKind.Akcipher, AkcipherAlgo = ak.Algo, KeyType = ak.KeyType, AkcipherPara = ak.Para };
                cipherKeyLen = ak.KeyLen;
                if (cipherKeyLen > config.MaxAkcipherKeyLen)
                {
                    return CreateOutcome(ref buffers, VIRTIO_CRYPTO_ERR, 0);
                }

                break;
            }
        }

        // Key lengths against the advertised maxima before anything is read (QEMU: "length of cipher key is too big").
        var maxCipher = request.Kind == SessionKind.Akcipher ? config.MaxAkcipherKeyLen : config.MaxCipherKeyLen;
        if (cipherKeyLen > maxCipher || authKeyLen > config.MaxAuthKeyLen)
        {
            return CreateOutcome(ref buffers, VIRTIO_CRYPTO_ERR, 0);
        }

        if (!Backend.Config.Offers(request.Service))
        {
            return CreateOutcome(ref buffers, VIRTIO_CRYPTO_NOTSUPP, 0);
        }

        long keyOffset = CtrlHeader.Size + flfSize;
        if (!buffers.TryRead(keyOffset, (int)cipherKeyLen, out var cipherKey) || !buffers.TryRead(keyOffset + cipherKeyLen, (int)authKeyLen, out var authKey))
        {
            // QEMU: "virtio-crypto cipher key incorrect" (virtio_error).
            return CreateOutcome(ref buffers, VIRTIO_CRYPTO_ERR, 0, "virtio-crypto cipher key incorrect");
        }

        var status = Backend.CreateSession(request, cipherKey, authKey, _revision1, out var sessionId);
        return CreateOutcome(ref buffers, status, status == VIRTIO_CRYPTO_OK ? sessionId : 0);
    }

    private static RequestResult CreateOutcome(ref RequestBuffers buffers, VirtioCryptoStatus status, ulong sessionId, string? deviceError = null)
    {
        if (buffers.WritableLength < WireSizes.CreateSessionInput)
        {
            return ControlError(ref buffers, deviceError ?? "virtio-crypto input incorrect");
        }

        buffers.TryWrite(0, WireSizes.CreateSessionInput, out var outcome);
        var writer = new WireWriter(outcome);
        new CreateSessionInput(sessionId, (uint)status).Write(ref writer);
        buffers.Finish(WireSizes.CreateSessionInput);
        return new RequestResult(status, WireSizes.CreateSessionInput, DeviceError: deviceError);
    }

    /// <summary>A request too broken to answer in its own format: ERR in whatever outcome space there is.</summary>
    private static RequestResult ControlError(ref RequestBuffers buffers, string message)
    {
        if (buffers.WritableLength >= WireSizes.CreateSessionInput)
        {
            buffers.TryWrite(0, WireSizes.CreateSessionInput, out var outcome);
            var writer = new WireWriter(outcome);
            new CreateSessionInput(0, (uint)VIRTIO_CRYPTO_ERR).Write(ref writer);
            buffers.Finish(WireSizes.CreateSessionInput);
            return new RequestResult(VIRTIO_CRYPTO_ERR, WireSizes.CreateSessionInput, DeviceError: message);
        }

        var written = buffers.Finish(0, (byte)VIRTIO_CRYPTO_ERR);
        return new RequestResult(VIRTIO_CRYPTO_ERR, written ? 1u : 0u, DeviceError: message);
    }
}
