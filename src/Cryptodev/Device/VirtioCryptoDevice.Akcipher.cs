using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Builtin;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoOpcode;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Device;

/// <summary>
/// AKCIPHER_ENCRYPT / DECRYPT / SIGN / VERIFY. The result may be shorter than dst_data_len: the used
/// length tells the driver how much was written. VERIFY reads signature[src_data_len] then the signed
/// data[dst_data_len] and writes only the status (KEY_REJECTED when the signature is bad). As in
/// QEMU (virtio_crypto_handle_asym_req), src and the signed data are checked against the segments,
/// the operation runs into a buffer of its own, and the result is copied out only on success, when
/// it must fit the writable segments. Unlike QEMU, src and dst are also held to max_size.
/// </summary>
public sealed partial class VirtioCryptoDevice
{
    private RequestResult Akcipher(ref RequestBuffers buffers, in DataOp op)
    {
        var (stateless, refused) = Mode(op, VirtioCryptoFeatures.VIRTIO_CRYPTO_F_AKCIPHER_STATELESS_MODE);
        if (refused)
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_NOTSUPP, 0);
        }

        uint srcLen, dstLen, keyLen = 0;
        long vlf;
        SessionRequest request = default;
        if (stateless)
        {
            if (!buffers.TryRead(OpHeader.Size, AkcipherDataFlfStateless.Size, out var statelessBytes))
            {
                return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.OutHeaderTooShort);
            }

            var r = new WireReader(statelessBytes);
            AkcipherDataFlfStateless.TryRead(ref r, out var s);
            if (s.KeyLen > Backend.Config.MaxAkcipherKeyLen)
            {
                return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0);
            }

            (srcLen, dstLen, keyLen) = (s.SrcDataLen, s.DstDataLen, s.KeyLen);
            vlf = OpHeader.Size + AkcipherDataFlfStateless.Size;
            request = new SessionRequest { Kind = SessionKind.Akcipher, AkcipherAlgo = s.Algo, KeyType = s.KeyType, AkcipherPara = s.Para };
        }
        else
        {
            var flfSize = DataFlfSize(AkcipherDataFlf.Size);
            if (!buffers.TryRead(OpHeader.Size, flfSize, out var flfBytes))
            {
                return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.OutHeaderTooShort);
            }

            var r = new WireReader(flfBytes);
            AkcipherDataFlf.TryRead(ref r, out var d);
            (srcLen, dstLen) = (d.SrcDataLen, d.DstDataLen);
            vlf = OpHeader.Size + flfSize;
        }

        var verify = op.Header.Opcode == VIRTIO_CRYPTO_AKCIPHER_VERIFY;
        if (TooBig(srcLen, dstLen, keyLen))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.TooBig);
        }

        ReadOnlySpan<byte> key = default;
        if (stateless && !buffers.TryRead(vlf, (int)keyLen, out key))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.AsymKey);
        }

        vlf += keyLen;
        if (!buffers.TryRead(vlf, (int)srcLen, out var src))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.AsymSource(srcLen, (ulong)buffers.Available(vlf, srcLen)));
        }

        ReadOnlySpan<byte> data = default;
        if (verify && !buffers.TryRead(vlf + srcLen, (int)dstLen, out data))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.AsymData(dstLen, (ulong)buffers.Available(vlf + srcLen, dstLen)));
        }

        if (!Admit(ref buffers, op, srcLen))
        {
            return RequestResult.Pending;
        }

        AkcipherSession? session;
        if (stateless)
        {
            var status = BuildStateless(request, key, default, out var built);
            session = built as AkcipherSession;
            if (session is null)
            {
                built?.Release();
                return Complete(ref buffers, status == VIRTIO_CRYPTO_OK ? VIRTIO_CRYPTO_ERR : status, 0);
            }
        }
        else if (!TryAcquire(op.Header.SessionId, SessionKind.Akcipher, out session))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_INVSESS, 0);
        }

        try
        {
            return RunAkcipher(ref buffers, op.Queue, op.Header.Opcode, session!, src, data, dstLen);
        }
        finally
        {
            session!.Release();
        }
    }

    private RequestResult RunAkcipher(ref RequestBuffers buffers, int queue, VirtioCryptoOpcode opcode, AkcipherSession session, ReadOnlySpan<byte> src, ReadOnlySpan<byte> data, uint dstLen)
    {
        var akcipher = session.Akcipher;
        var srcLen = (ulong)src.Length;
        if (opcode == VIRTIO_CRYPTO_AKCIPHER_VERIFY)
        {
            Backend.Statistics.Account(queue, CryptodevStat.AsymVerifyOps, CryptodevStat.AsymVerifyBytes, srcLen);
            return Complete(ref buffers, akcipher.Verify(src, data), 0);
        }

        var dst = buffers.Staged(0, (int)dstLen);
        VirtioCryptoStatus status;
        int written;
        switch (opcode)
        {
            case VIRTIO_CRYPTO_AKCIPHER_ENCRYPT:
                Backend.Statistics.Account(queue, CryptodevStat.AsymEncryptOps, CryptodevStat.AsymEncryptBytes, srcLen);
                status = akcipher.Encrypt(src, dst, out written);
                break;
            case VIRTIO_CRYPTO_AKCIPHER_DECRYPT:
                Backend.Statistics.Account(queue, CryptodevStat.AsymDecryptOps, CryptodevStat.AsymDecryptBytes, srcLen);
                status = akcipher.Decrypt(src, dst, out written);
                break;
            default:
                Backend.Statistics.Account(queue, CryptodevStat.AsymSignOps, CryptodevStat.AsymSignBytes, srcLen);
                status = akcipher.Sign(src, dst, out written);
                break;
        }

        if (status != VIRTIO_CRYPTO_OK)
        {
            return Complete(ref buffers, status, 0);
        }

        // QEMU copies the result's actual length out, and only when there is one.
        if (written > 0 && !buffers.FitsBeforeStatus(written))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.AsymDest);
        }

        return Complete(ref buffers, status, written);
    }
}
