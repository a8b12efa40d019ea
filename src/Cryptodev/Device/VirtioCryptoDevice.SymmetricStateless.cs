using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Builtin;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Device;

/// <summary>
/// Stateless CIPHER requests (REVISION_1 with VIRTIO_CRYPTO_F_CIPHER_STATELESS_MODE): the session's
/// parameters in the fixed part, its keys before the IV. Checked as session-mode requests are, with
/// each key against its maximum (ERR) and then against the segments (device error) first.
/// </summary>
public sealed partial class VirtioCryptoDevice
{
    private RequestResult SymmetricStateless(ref RequestBuffers buffers, in DataOp op)
    {
        if (!buffers.TryRead(OpHeader.Size, SymDataFlfStateless.Size, out var flfBytes))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.OutHeaderTooShort);
        }

        var reader = new WireReader(flfBytes);
        SymDataFlfStateless.TryRead(ref reader, out var flf);
        long vlf = OpHeader.Size + SymDataFlfStateless.Size;
        var config = Backend.Config;
        if (flf.OpType == VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_CIPHER)
        {
            var d = flf.Cipher;

            // A key over the maximum is ERR (QEMU's session creation: "length of cipher key is too big").
            if (d.KeyLen > config.MaxCipherKeyLen)
            {
                return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0);
            }

            if (!CheckSymLengths(ref buffers, d.SrcDataLen, d.DstDataLen, (ulong)d.IvLen + d.SrcDataLen + d.DstDataLen + d.KeyLen, out var failure))
            {
                return failure;
            }

            // Stateless vlf: cipher_key, iv, src_data.
            if (!buffers.TryRead(vlf, (int)d.KeyLen, out var key))
            {
                return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.CipherKey);
            }

            var ivOffset = vlf + d.KeyLen;
            if (!buffers.TryRead(ivOffset, (int)d.IvLen, out var iv))
            {
                return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.Iv);
            }

            if (!buffers.TryRead(ivOffset + d.IvLen, (int)d.SrcDataLen, out var src))
            {
                return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.Source);
            }

            if (!Admit(ref buffers, op, d.SrcDataLen))
            {
                return RequestResult.Pending;
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
                return RunCipher(ref buffers, op.Queue, cipher.Cipher, cipher.Encrypt, iv, src);
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

            if (!CheckChainLengths(ref buffers, d, (ulong)c.CipherKeyLen + authKeyLen, out var failure))
            {
                return failure;
            }

            if (!buffers.TryRead(vlf, (int)c.CipherKeyLen, out var cipherKey))
            {
                return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.CipherKey);
            }

            if (!buffers.TryRead(vlf + c.CipherKeyLen, (int)authKeyLen, out var authKey))
            {
                return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.AuthKey);
            }

            // Stateless vlf: keys, iv, aad, src_data.
            var ivOffset = vlf + c.CipherKeyLen + authKeyLen;
            var aadOffset = ivOffset + d.IvLen;
            if (!ReadChainInputs(ref buffers, d, ivOffset, aadOffset + d.AadLen, aadOffset, out var iv, out var src, out var aad, out failure))
            {
                return failure;
            }

            if (!Admit(ref buffers, op, d.SrcDataLen))
            {
                return RequestResult.Pending;
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
                return RunChain(ref buffers, op.Queue, chain, d, iv, src, aad);
            }
            finally
            {
                chain.Release();
            }
        }

        return Complete(ref buffers, VIRTIO_CRYPTO_NOTSUPP, 0);
    }
}
