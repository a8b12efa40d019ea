using Qcrypto.Cryptodev.Algorithms;
using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Builtin;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Device;

/// <summary>
/// AEAD_ENCRYPT / AEAD_DECRYPT. Encrypting writes the ciphertext then the tag to dst_data
/// (dst_data_len ≥ src_data_len + tag_len); decrypting reads ciphertext || tag from src_data and
/// writes the plaintext, or nothing and BADMSG when the tag does not match.
/// </summary>
public sealed partial class VirtioCryptoDevice
{
    private RequestResult Aead(ref RequestBuffers buffers, in DataOp op, Span<byte> fixedPart)
    {
        var encrypt = op.Header.Opcode == VirtioCryptoOpcode.VIRTIO_CRYPTO_AEAD_ENCRYPT;
        var (stateless, refused) = Mode(op, VirtioCryptoFeatures.VIRTIO_CRYPTO_F_AEAD_STATELESS_MODE);
        if (refused)
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_NOTSUPP, 0);
        }

        if (stateless)
        {
            if (!ReadFixed(op, fixedPart, AeadDataFlfStateless.Size, out var statelessBytes))
            {
                return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, "virtio-crypto request outhdr too short");
            }

            var r = new WireReader(statelessBytes);
            AeadDataFlfStateless.TryRead(ref r, out var s);
            if (s.KeyLen > Backend.Config.MaxCipherKeyLen)
            {
                return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0);
            }

            if (!CheckAead(ref buffers, encrypt, s.IvLen, s.AadLen, s.SrcDataLen, s.DstDataLen, s.TagLen, s.KeyLen, out var failure))
            {
                return failure;
            }

            if (!Admit(ref buffers, op, s.SrcDataLen))
            {
                return RequestResult.Pending;
            }

            long keyOffset = OpHeader.Size + AeadDataFlfStateless.Size;
            if (!buffers.TryRead(keyOffset, (int)s.KeyLen, out var key))
            {
                return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, "virtio-crypto cipher key incorrect");
            }

            var request = new SessionRequest { Kind = SessionKind.Aead, AeadAlgo = s.Algo, AeadOp = s.Op, ResultLength = s.TagLen, AadLength = s.AadLen };
            var status = BuildStateless(request, key, default, out var built);
            if (built is not AeadSession temporary)
            {
                built?.Release();
                return Complete(ref buffers, status == VIRTIO_CRYPTO_OK ? VIRTIO_CRYPTO_ERR : status, 0);
            }

            try
            {
                var ivOffset = keyOffset + s.KeyLen;
                return RunAead(ref buffers, op.Queue, temporary, encrypt, ivOffset, s.IvLen, ivOffset + s.IvLen, s.SrcDataLen, ivOffset + s.IvLen + s.SrcDataLen, s.AadLen, s.TagLen, s.DstDataLen);
            }
            finally
            {
                temporary.Release();
            }
        }

        var flfSize = DataFlfSize(AeadDataFlf.Size);
        if (!ReadFixed(op, fixedPart, flfSize, out var flfBytes))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, "virtio-crypto request outhdr too short");
        }

        var reader = new WireReader(flfBytes);
        AeadDataFlf.TryRead(ref reader, out var d);
        if (!CheckAead(ref buffers, encrypt, d.IvLen, d.AadLen, d.SrcDataLen, d.DstDataLen, d.TagLen, 0, out var invalid))
        {
            return invalid;
        }

        if (!Admit(ref buffers, op, d.SrcDataLen))
        {
            return RequestResult.Pending;
        }

        if (!TryAcquire<AeadSession>(op.Header.SessionId, SessionKind.Aead, out var session))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_INVSESS, 0);
        }

        try
        {
            long vlf = OpHeader.Size + flfSize;
            return RunAead(ref buffers, op.Queue, session!, encrypt, vlf, d.IvLen, vlf + d.IvLen, d.SrcDataLen, vlf + d.IvLen + d.SrcDataLen, d.AadLen, d.TagLen, d.DstDataLen);
        }
        finally
        {
            session!.Release();
        }
    }

    private bool CheckAead(ref RequestBuffers buffers, bool encrypt, uint ivLen, uint aadLen, uint srcLen, uint dstLen, uint tagLen, ulong keyLen, out RequestResult failure)
    {
        failure = default;
        if (TooBig(ivLen, aadLen, srcLen, dstLen, keyLen))
        {
            failure = Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, "virtio-crypto too big length");
            return false;
        }

        if (buffers.WritableLength < (long)dstLen + 1)
        {
            failure = Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, "virtio-crypto dest data incorrect");
            return false;
        }

        return true;
    }

    private RequestResult RunAead(ref RequestBuffers buffers, int queue, AeadSession session, bool encrypt, long ivOffset, uint ivLen, long srcOffset, uint srcLen, long aadOffset, uint aadLen, uint tagLen, uint dstLen)
    {
        var aead = session.Aead;

        // tag_len 0 means "the session's"; anything else must agree with it. The opcode must match the
        // session's direction. dst must hold what will be written: ciphertext and tag, or the plaintext.
        var output = encrypt ? (ulong)srcLen + (uint)aead.TagLength : srcLen - (ulong)Math.Min(srcLen, (uint)aead.TagLength);
        if ((tagLen != 0 && tagLen != aead.TagLength) || encrypt != session.Encrypt || (!encrypt && srcLen < aead.TagLength) || dstLen < output)
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0);
        }

        if (!buffers.TryRead(ivOffset, (int)ivLen, out var iv) || !buffers.TryRead(srcOffset, (int)srcLen, out var src)
            || !buffers.TryRead(aadOffset, (int)aadLen, out var aad))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, "virtio-crypto source data incorrect");
        }

        Backend.Statistics.Account(queue, encrypt ? CryptodevStat.AeadEncryptOps : CryptodevStat.AeadDecryptOps,
            encrypt ? CryptodevStat.AeadEncryptBytes : CryptodevStat.AeadDecryptBytes, srcLen);
        var tag = aead.TagLength;
        if (encrypt)
        {
            buffers.TryWrite(0, (int)srcLen + tag, out var dst);
            var status = aead.Encrypt(iv, aad, src, dst[..(int)srcLen], dst[(int)srcLen..]);
            return Complete(ref buffers, status, status == VIRTIO_CRYPTO_OK ? srcLen + tag : 0);
        }
        else
        {
            var plainLength = (int)srcLen - tag;
            buffers.TryWrite(0, plainLength, out var dst);
            var status = aead.Decrypt(iv, aad, src[..plainLength], src[plainLength..], dst);
            return Complete(ref buffers, status, status == VIRTIO_CRYPTO_OK ? plainLength : 0);
        }
    }
}
