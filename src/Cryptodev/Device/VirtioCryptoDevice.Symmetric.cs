using Qcrypto.Cryptodev.Algorithms;
using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Builtin;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Device;

/// <summary>CIPHER_ENCRYPT / CIPHER_DECRYPT: plain ciphers and algorithm chaining.</summary>
public sealed partial class VirtioCryptoDevice
{
    private RequestResult Symmetric(ref RequestBuffers buffers, in DataOp op, Span<byte> fixedPart)
    {
        var (stateless, refused) = Mode(op, VirtioCryptoFeatures.VIRTIO_CRYPTO_F_CIPHER_STATELESS_MODE);
        if (refused)
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_NOTSUPP, 0);
        }

        if (stateless)
        {
            return SymmetricStateless(ref buffers, op, fixedPart);
        }

        var flfSize = DataFlfSize(SymDataFlf.Size);
        if (!ReadFixed(op, fixedPart, flfSize, out var flfBytes))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, "virtio-crypto request outhdr too short");
        }

        // op_type first, then only the union member it names (the hot path reads 16 bytes, not 48).
        var opType = (VirtioCryptoSymOp)System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(flfBytes[WireSizes.SymDataReqHdrSize..]);
        var reader = new WireReader(flfBytes[..WireSizes.SymDataReqHdrSize]);
        long vlf = OpHeader.Size + flfSize;
        switch (opType)
        {
            case VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_CIPHER:
            {
                var d = CipherDataFlf.Read(ref reader);
                if (!CheckCipher(ref buffers, d.IvLen, d.SrcDataLen, d.DstDataLen, 0, out var failure))
                {
                    return failure;
                }

                if (!Admit(ref buffers, op, d.SrcDataLen))
                {
                    return RequestResult.Pending;
                }

                if (!TryAcquire<CipherSession>(op.Header.SessionId, SessionKind.Cipher, out var session))
                {
                    return Complete(ref buffers, VIRTIO_CRYPTO_INVSESS, 0);
                }

                try
                {
                    return RunCipher(ref buffers, op.Queue, session!.Cipher, session.Encrypt, vlf, d.IvLen, vlf + d.IvLen, d.SrcDataLen);
                }
                finally
                {
                    session!.Release();
                }
            }

            case VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING:
            {
                var d = AlgChainDataFlf.Read(ref reader);
                if (!CheckChain(ref buffers, d, 0, out var failure))
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
                    // Session mode vlf: iv, src_data, aad.
                    return RunChain(ref buffers, op.Queue, session!, d, vlf, vlf + d.IvLen, vlf + d.IvLen + d.SrcDataLen);
                }
                finally
                {
                    session!.Release();
                }
            }

            case VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_NONE:
                return Complete(ref buffers, VIRTIO_CRYPTO_NOTSUPP, 0);
            default:
                return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0);
        }
    }

    private RequestResult SymmetricStateless(ref RequestBuffers buffers, in DataOp op, Span<byte> fixedPart)
    {
        if (!ReadFixed(op, fixedPart, SymDataFlfStateless.Size, out var flfBytes))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, "virtio-crypto request outhdr too short");
        }

        var reader = new WireReader(flfBytes);
        SymDataFlfStateless.TryRead(ref reader, out var flf);
        long vlf = OpHeader.Size + SymDataFlfStateless.Size;
        var config = Backend.Config;
        if (flf.OpType == VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_CIPHER)
        {
            var d = flf.Cipher;
            if (d.KeyLen > config.MaxCipherKeyLen)
            {
                return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0);
            }

            if (!CheckCipher(ref buffers, d.IvLen, d.SrcDataLen, d.DstDataLen, d.KeyLen, out var failure))
            {
                return failure;
            }

            if (!Admit(ref buffers, op, d.SrcDataLen))
            {
                return RequestResult.Pending;
            }

            if (!buffers.TryRead(vlf, (int)d.KeyLen, out var key))
            {
                return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, "virtio-crypto cipher key incorrect");
            }

            var request = new SessionRequest { Kind = SessionKind.Cipher, CipherAlgo = d.Algo, CipherOp = d.Op };
            var status = BuildStateless(request, key, default, out var session);
            if (session is not CipherSession cipher)
            {
                session?.Release();
                return Complete(ref buffers, status == VIRTIO_CRYPTO_OK ? VIRTIO_CRYPTO_ERR : status, 0);
            }

            try
            {
                var ivOffset = vlf + d.KeyLen;
                return RunCipher(ref buffers, op.Queue, cipher.Cipher, cipher.Encrypt, ivOffset, d.IvLen, ivOffset + d.IvLen, d.SrcDataLen);
            }
            finally
            {
                cipher.Release();
            }
        }

        if (flf.OpType == VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING)
        {
            var c = flf.Chain;
            var d = c.Data;
            var auth = c.HashMode == VirtioCryptoHashMode.VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH;
            var authKeyLen = auth ? c.AuthKeyLen : 0;
            if (c.CipherKeyLen > config.MaxCipherKeyLen || authKeyLen > config.MaxAuthKeyLen)
            {
                return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0);
            }

            if (!CheckChain(ref buffers, d, (ulong)c.CipherKeyLen + authKeyLen, out var failure))
            {
                return failure;
            }

            if (!Admit(ref buffers, op, d.SrcDataLen))
            {
                return RequestResult.Pending;
            }

            if (!buffers.TryRead(vlf, (int)c.CipherKeyLen, out var cipherKey) || !buffers.TryRead(vlf + c.CipherKeyLen, (int)authKeyLen, out var authKey))
            {
                return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, "virtio-crypto cipher key incorrect");
            }

            var request = new SessionRequest
            {
                Kind = SessionKind.Chain,
                CipherAlgo = c.CipherAlgo,
                CipherOp = c.CipherOp,
                ChainOrder = c.AlgChainOrder,
                HashMode = c.HashMode,
                HashAlgo = (VirtioCryptoHashAlgo)c.HashAlgo,
                MacAlgo = (VirtioCryptoMacAlgo)c.HashAlgo,
                ResultLength = d.HashResultLen,
                AadLength = c.SessAadLen,
            };
            var status = BuildStateless(request, cipherKey, authKey, out var session);
            if (session is not ChainSession chain)
            {
                session?.Release();
                return Complete(ref buffers, status == VIRTIO_CRYPTO_OK ? VIRTIO_CRYPTO_ERR : status, 0);
            }

            try
            {
                // Stateless vlf: keys, iv, aad, src_data.
                var ivOffset = vlf + c.CipherKeyLen + authKeyLen;
                var aadOffset = ivOffset + d.IvLen;
                return RunChain(ref buffers, op.Queue, chain, d, ivOffset, aadOffset + d.AadLen, aadOffset);
            }
            finally
            {
                chain.Release();
            }
        }

        return Complete(ref buffers, flf.OpType == VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_NONE ? VIRTIO_CRYPTO_NOTSUPP : VIRTIO_CRYPTO_ERR, 0);
    }

    /// <summary>
    /// src_data_len must equal dst_data_len (QEMU's fix for CVE-2023-3180, where a shorter dst
    /// overflowed the heap); the lengths must fit max_size and the segments.
    /// </summary>
    private bool CheckCipher(ref RequestBuffers buffers, uint ivLen, uint srcLen, uint dstLen, ulong keyLen, out RequestResult failure)
    {
        failure = default;
        if ((ulong)ivLen + srcLen + dstLen + keyLen > _maxSize)
        {
            failure = Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, "virtio-crypto too big length");
            return false;
        }

        if (srcLen != dstLen)
        {
            failure = Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0);
            return false;
        }

        if (buffers.WritableLength < (long)dstLen + 1)
        {
            failure = Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, "virtio-crypto dest data incorrect");
            return false;
        }

        return true;
    }

    private bool CheckChain(ref RequestBuffers buffers, in AlgChainDataFlf d, ulong keyLen, out RequestResult failure)
    {
        failure = default;
        if (TooBig(d.IvLen, d.SrcDataLen, d.DstDataLen, d.AadLen, d.HashResultLen, keyLen))
        {
            failure = Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, "virtio-crypto too big length");
            return false;
        }

        if (d.SrcDataLen != d.DstDataLen
            || (ulong)d.CipherStartSrcOffset + d.LenToCipher > d.SrcDataLen
            || (ulong)d.HashStartSrcOffset + d.LenToHash > d.SrcDataLen)
        {
            failure = Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0);
            return false;
        }

        if (buffers.WritableLength < (long)d.DstDataLen + d.HashResultLen + 1)
        {
            failure = Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, "virtio-crypto dest data incorrect");
            return false;
        }

        return true;
    }

    private RequestResult RunCipher(ref RequestBuffers buffers, int queue, SymmetricCipher cipher, bool encrypt, long ivOffset, uint ivLen, long srcOffset, uint srcLen)
    {
        if (!buffers.TryRead(ivOffset, (int)ivLen, out var iv) || !buffers.TryRead(srcOffset, (int)srcLen, out var src))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, "virtio-crypto source data incorrect");
        }

        buffers.TryWrite(0, (int)srcLen, out var dst);
        _statistics.Account(queue, encrypt ? CryptodevStat.SymEncryptOps : CryptodevStat.SymDecryptOps,
            encrypt ? CryptodevStat.SymEncryptBytes : CryptodevStat.SymDecryptBytes, srcLen);
        var status = cipher.Transform(encrypt, iv, src, dst);
        return Complete(ref buffers, status, status == VIRTIO_CRYPTO_OK ? srcLen : 0);
    }

    private RequestResult RunChain(ref RequestBuffers buffers, int queue, ChainSession session, in AlgChainDataFlf d, long ivOffset, long srcOffset, long aadOffset)
    {
        if (d.HashResultLen != session.Request.ResultLength)
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0);
        }

        if (!buffers.TryRead(ivOffset, (int)d.IvLen, out var iv) || !buffers.TryRead(srcOffset, (int)d.SrcDataLen, out var src)
            || !buffers.TryRead(aadOffset, (int)d.AadLen, out var aad))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, "virtio-crypto source data incorrect");
        }

        buffers.TryWrite(0, (int)d.DstDataLen, out var dst);
        buffers.TryWrite(d.DstDataLen, (int)d.HashResultLen, out var result);
        var encrypt = session.Encrypt;
        Backend.Statistics.Account(queue, encrypt ? CryptodevStat.SymEncryptOps : CryptodevStat.SymDecryptOps,
            encrypt ? CryptodevStat.SymEncryptBytes : CryptodevStat.SymDecryptBytes, d.SrcDataLen);

        // dst starts as a copy of src: bytes outside the cipher region pass through (headers, say).
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

        return Complete(ref buffers, status, status == VIRTIO_CRYPTO_OK ? (long)d.DstDataLen + d.HashResultLen : 0);
    }
}
