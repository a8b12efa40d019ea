using Qcrypto.Cryptodev.Algorithms;
using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Builtin;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Device;

/// <summary>
/// CIPHER_ENCRYPT / CIPHER_DECRYPT: plain ciphers and algorithm chaining. The checks run in QEMU's
/// order (virtio_crypto_sym_op_helper): src_data_len against dst_data_len, the lengths against
/// max_size, each input against the segments, then the session, the operation, and last whether
/// the output fits.
/// </summary>
public sealed partial class VirtioCryptoDevice
{
    private RequestResult Symmetric(ref RequestBuffers buffers, in DataOp op)
    {
        var (stateless, refused) = Mode(op, VirtioCryptoFeatures.VIRTIO_CRYPTO_F_CIPHER_STATELESS_MODE);
        if (refused)
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_NOTSUPP, 0);
        }

        if (stateless)
        {
            return SymmetricStateless(ref buffers, op);
        }

        var flfSize = DataFlfSize(SymDataFlf.Size);
        if (!buffers.TryRead(OpHeader.Size, flfSize, out var flf))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.OutHeaderTooShort);
        }

        // op_type first, then only the union member it names (the hot path reads 16 bytes, not 48).
        var header = new WireReader(flf);
        header.Skip(WireSizes.SymDataReqHdrSize);
        var opType = (VirtioCryptoSymOp)header.ReadUInt32();
        long vlf = OpHeader.Size + flfSize;
        if (opType == VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_CIPHER)
        {
            var d = CipherDataFlf.Read(flf);
            if (!CheckSymLengths(ref buffers, d.SrcDataLen, d.DstDataLen, (ulong)d.IvLen + d.SrcDataLen + d.DstDataLen, out var failure))
            {
                return failure;
            }

            if (!buffers.TryRead(vlf, (int)d.IvLen, out var iv))
            {
                return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.Iv);
            }

            if (!buffers.TryRead(vlf + d.IvLen, (int)d.SrcDataLen, out var src))
            {
                return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.Source);
            }

            if (!Admit(ref buffers, op, d.SrcDataLen))
            {
                return RequestResult.Pending;
            }

            // The session table lookup inlined for the hot path: an exact type test, no generic cast.
            if (_sessions?.TryAcquire(op.Header.SessionId, out var any) != true)
            {
                return Complete(ref buffers, VIRTIO_CRYPTO_INVSESS, 0);
            }

            if (any is not CipherSession session)
            {
                any!.Release();
                return Complete(ref buffers, VIRTIO_CRYPTO_INVSESS, 0);
            }

            try
            {
                return RunCipher(ref buffers, op.Queue, session.Cipher, session.Encrypt, iv, src);
            }
            finally
            {
                session.Release();
            }
        }

        if (opType == VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING)
        {
            var reader = new WireReader(flf[..WireSizes.SymDataReqHdrSize]);
            var d = AlgChainDataFlf.Read(ref reader);
            if (!CheckChainLengths(ref buffers, d, 0, out var failure))
            {
                return failure;
            }

            // Session mode vlf: iv, src_data, aad.
            if (!ReadChainInputs(ref buffers, d, vlf, vlf + d.IvLen, vlf + d.IvLen + d.SrcDataLen, out var iv, out var src, out var aad, out failure))
            {
                return failure;
            }

            if (!Admit(ref buffers, op, d.SrcDataLen))
            {
                return RequestResult.Pending;
            }

            if (!TryAcquire<ChainSession>(op.Header.SessionId, SessionKind.Chain, out var session))
            {
                return Complete(ref buffers, VIRTIO_CRYPTO_INVSESS, 0);
            }

            try
            {
                return RunChain(ref buffers, op.Queue, session!, d, iv, src, aad);
            }
            finally
            {
                session!.Release();
            }
        }

        // QEMU: "virtio-crypto unsupported cipher type" for SYM_OP_NONE and anything else.
        return Complete(ref buffers, VIRTIO_CRYPTO_NOTSUPP, 0);
    }

    /// <summary>
    /// QEMU's first two checks: src_data_len must equal dst_data_len (its fix for CVE-2023-3180,
    /// where a shorter dst overflowed the heap), and the variable-length fields must fit max_size.
    /// Both break the device (virtio_error).
    /// </summary>
    private bool CheckSymLengths(ref RequestBuffers buffers, uint srcLen, uint dstLen, ulong total, out RequestResult failure)
    {
        failure = default;
        if (srcLen != dstLen)
        {
            failure = Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.SrcDstLength);
            return false;
        }

        if (total > _maxSize)
        {
            failure = Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.TooBig);
            return false;
        }

        return true;
    }

    private bool CheckChainLengths(ref RequestBuffers buffers, in AlgChainDataFlf d, ulong keyLen, out RequestResult failure) =>
        CheckSymLengths(ref buffers, d.SrcDataLen, d.DstDataLen, (ulong)d.IvLen + d.AadLen + d.SrcDataLen + d.DstDataLen + d.HashResultLen + keyLen, out failure);

    /// <summary>A chained request's inputs, each named in the device error when the segments end before it.</summary>
    private static bool ReadChainInputs(ref RequestBuffers buffers, in AlgChainDataFlf d, long ivOffset, long srcOffset, long aadOffset,
        out ReadOnlySpan<byte> iv, out ReadOnlySpan<byte> src, out ReadOnlySpan<byte> aad, out RequestResult failure)
    {
        failure = default;
        src = aad = default;
        if (!buffers.TryRead(ivOffset, (int)d.IvLen, out iv))
        {
            failure = Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.Iv);
            return false;
        }

        // In the order the fields lie in the request, so the first one the segments do not hold is named.
        var aadFirst = aadOffset < srcOffset;
        if (aadFirst && !buffers.TryRead(aadOffset, (int)d.AadLen, out aad))
        {
            failure = Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.Aad);
            return false;
        }

        if (!buffers.TryRead(srcOffset, (int)d.SrcDataLen, out src))
        {
            failure = Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.Source);
            return false;
        }

        if (!aadFirst && !buffers.TryRead(aadOffset, (int)d.AadLen, out aad))
        {
            failure = Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.Aad);
            return false;
        }

        return true;
    }

    /// <summary>
    /// Runs a cipher into dst (in place in guest memory: a cipher checks lengths and IV before it
    /// writes, so a failure leaves dst untouched). A dst that does not fit the writable segments
    /// breaks the device only if the operation succeeded (QEMU finds it when copying the result out).
    /// </summary>
    private RequestResult RunCipher(ref RequestBuffers buffers, int queue, SymmetricCipher cipher, bool encrypt, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> src)
    {
        var dst = buffers.Output(0, src.Length, staged: false, out var fits);
        if (encrypt)
        {
            _statistics.Account(queue, CryptodevStat.SymEncryptOps, CryptodevStat.SymEncryptBytes, (ulong)src.Length);
        }
        else
        {
            _statistics.Account(queue, CryptodevStat.SymDecryptOps, CryptodevStat.SymDecryptBytes, (ulong)src.Length);
        }

        var status = cipher.Transform(encrypt, iv, src, dst);
        if (status != VIRTIO_CRYPTO_OK)
        {
            return Complete(ref buffers, status, 0);
        }

        return fits ? Complete(ref buffers, status, src.Length) : Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.Dest);
    }

    /// <summary>
    /// Runs a chained request. dst starts as a copy of src (bytes outside the cipher region pass
    /// through, headers say) and is produced in a staged buffer with the hash result: either step may
    /// fail after the other wrote, and a failed request leaves guest memory untouched.
    /// </summary>
    private RequestResult RunChain(ref RequestBuffers buffers, int queue, ChainSession session, in AlgChainDataFlf d, scoped ReadOnlySpan<byte> iv, scoped ReadOnlySpan<byte> src, scoped ReadOnlySpan<byte> aad)
    {
        if (d.HashResultLen != session.Request.ResultLength
            || (ulong)d.CipherStartSrcOffset + d.LenToCipher > d.SrcDataLen
            || (ulong)d.HashStartSrcOffset + d.LenToHash > d.SrcDataLen)
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0);
        }

        var dst = buffers.Output(0, src.Length, staged: true, out var dstFits);
        var result = buffers.Output(src.Length, (int)d.HashResultLen, staged: true, out var resultFits);
        var encrypt = session.Encrypt;
        _statistics.Account(queue, encrypt ? CryptodevStat.SymEncryptOps : CryptodevStat.SymDecryptOps,
            encrypt ? CryptodevStat.SymEncryptBytes : CryptodevStat.SymDecryptBytes, d.SrcDataLen);

        src.CopyTo(dst);
        var cipherRange = new Range((int)d.CipherStartSrcOffset, (int)(d.CipherStartSrcOffset + d.LenToCipher));
        var hashRange = new Range((int)d.HashStartSrcOffset, (int)(d.HashStartSrcOffset + d.LenToHash));
        VirtioCryptoStatus status;
        if (session.HashFirst)
        {
            status = session.Authenticator.Compute(aad, src[hashRange], result);
            if (status == VIRTIO_CRYPTO_OK)
            {
                status = session.Cipher.Transform(encrypt, iv, src[cipherRange], dst[cipherRange]);
            }
        }
        else
        {
            status = session.Cipher.Transform(encrypt, iv, src[cipherRange], dst[cipherRange]);
            if (status == VIRTIO_CRYPTO_OK)
            {
                status = session.Authenticator.Compute(aad, dst[hashRange], result);
            }
        }

        if (status != VIRTIO_CRYPTO_OK)
        {
            return Complete(ref buffers, status, 0);
        }

        if (!dstFits || !resultFits)
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, dstFits ? DeviceErrors.Digest : DeviceErrors.Dest);
        }

        return Complete(ref buffers, status, (long)d.DstDataLen + d.HashResultLen);
    }
}
