using Qcrypto.Cryptodev.Algorithms;
using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Builtin;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Device;

/// <summary>
/// AEAD_ENCRYPT / AEAD_DECRYPT (QEMU 7.2 answers them NOTSUPP; the checks follow its symmetric
/// requests). Encrypting writes the ciphertext then the tag to dst_data (dst_data_len ≥
/// src_data_len + tag_len); decrypting reads ciphertext || tag from src_data and writes the
/// plaintext, or nothing at all and BADMSG when the tag does not match: dst_data keeps what the
/// guest had there (QEMU copies results out only for VIRTIO_CRYPTO_OK; unauthenticated plaintext
/// never reaches the guest).
/// </summary>
public sealed partial class VirtioCryptoDevice
{
    private RequestResult Aead(ref RequestBuffers buffers, in DataOp op)
    {
        var encrypt = op.Header.Opcode == VirtioCryptoOpcode.VIRTIO_CRYPTO_AEAD_ENCRYPT;
        var (stateless, refused) = Mode(op, VirtioCryptoFeatures.VIRTIO_CRYPTO_F_AEAD_STATELESS_MODE);
        if (refused)
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_NOTSUPP, 0);
        }

        if (stateless)
        {
            if (!buffers.TryRead(OpHeader.Size, AeadDataFlfStateless.Size, out var statelessBytes))
            {
                return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.OutHeaderTooShort);
            }

            var r = new WireReader(statelessBytes);
            AeadDataFlfStateless.TryRead(ref r, out var s);
            if (s.KeyLen > Backend.Config.MaxCipherKeyLen)
            {
                return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0);
            }

            if (TooBig(s.IvLen, s.AadLen, s.SrcDataLen, s.DstDataLen, s.KeyLen))
            {
                return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.TooBig);
            }

            // Stateless vlf: key, iv, src_data, aad.
            long keyOffset = OpHeader.Size + AeadDataFlfStateless.Size;
            if (!buffers.TryRead(keyOffset, (int)s.KeyLen, out var key))
            {
                return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.CipherKey);
            }

            if (!ReadAeadInputs(ref buffers, keyOffset + s.KeyLen, s.IvLen, s.SrcDataLen, s.AadLen, out var iv, out var src, out var aad, out var failure))
            {
                return failure;
            }

            if (!Admit(ref buffers, op, s.SrcDataLen))
            {
                return RequestResult.Pending;
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
                return RunAead(ref buffers, op.Queue, temporary, encrypt, iv, src, aad, s.TagLen, s.DstDataLen);
            }
            finally
            {
                temporary.Release();
            }
        }

        var flfSize = DataFlfSize(AeadDataFlf.Size);
        if (!buffers.TryRead(OpHeader.Size, flfSize, out var flfBytes))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.OutHeaderTooShort);
        }

        var reader = new WireReader(flfBytes);
        AeadDataFlf.TryRead(ref reader, out var d);
        if (TooBig(d.IvLen, d.AadLen, d.SrcDataLen, d.DstDataLen))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.TooBig);
        }

        // Session mode vlf: iv, src_data, aad.
        if (!ReadAeadInputs(ref buffers, OpHeader.Size + flfSize, d.IvLen, d.SrcDataLen, d.AadLen, out var ivBytes, out var srcBytes, out var aadBytes, out var invalid))
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
            return RunAead(ref buffers, op.Queue, session!, encrypt, ivBytes, srcBytes, aadBytes, d.TagLen, d.DstDataLen);
        }
        finally
        {
            session!.Release();
        }
    }

    /// <summary>iv, src_data and aad, which follow each other from <paramref name="ivOffset"/> in both modes.</summary>
    private static bool ReadAeadInputs(ref RequestBuffers buffers, long ivOffset, uint ivLen, uint srcLen, uint aadLen,
        out ReadOnlySpan<byte> iv, out ReadOnlySpan<byte> src, out ReadOnlySpan<byte> aad, out RequestResult failure)
    {
        failure = default;
        src = aad = default;
        if (!buffers.TryRead(ivOffset, (int)ivLen, out iv))
        {
            failure = Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.Iv);
            return false;
        }

        if (!buffers.TryRead(ivOffset + ivLen, (int)srcLen, out src))
        {
            failure = Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.Source);
            return false;
        }

        if (!buffers.TryRead(ivOffset + ivLen + srcLen, (int)aadLen, out aad))
        {
            failure = Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.Aad);
            return false;
        }

        return true;
    }

    private RequestResult RunAead(ref RequestBuffers buffers, int queue, AeadSession session, bool encrypt, scoped ReadOnlySpan<byte> iv, scoped ReadOnlySpan<byte> src,
        scoped ReadOnlySpan<byte> aad, uint tagLen, uint dstLen)
    {
        var aead = session.Aead;
        var srcLen = (uint)src.Length;

        // tag_len 0 means "the session's"; anything else must agree with it. The opcode must match the
        // session's direction. dst must hold what will be written: ciphertext and tag, or the plaintext.
        var output = encrypt ? (ulong)srcLen + (uint)aead.TagLength : srcLen - (ulong)Math.Min(srcLen, (uint)aead.TagLength);
        if ((tagLen != 0 && tagLen != aead.TagLength) || encrypt != session.Encrypt || (!encrypt && srcLen < aead.TagLength) || dstLen < output)
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0);
        }

        Backend.Statistics.Account(queue, encrypt ? CryptodevStat.AeadEncryptOps : CryptodevStat.AeadDecryptOps,
            encrypt ? CryptodevStat.AeadEncryptBytes : CryptodevStat.AeadDecryptBytes, srcLen);
        var length = (int)output;

        // In place only where the algorithm writes nothing unless it succeeds; staged otherwise.
        var dst = buffers.Output(0, length, staged: !aead.WritesOnlyOnSuccess(encrypt, iv.Length, length), out var fits);
        var status = encrypt
            ? aead.Encrypt(iv, aad, src, dst[..(int)srcLen], dst[(int)srcLen..])
            : aead.Decrypt(iv, aad, src[..length], src[length..], dst);
        if (status != VIRTIO_CRYPTO_OK)
        {
            return Complete(ref buffers, status, 0);
        }

        return fits ? Complete(ref buffers, status, length) : Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.Dest);
    }
}
