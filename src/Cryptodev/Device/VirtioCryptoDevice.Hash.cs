using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Builtin;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Device;

/// <summary>HASH and MAC: src_data in, hash_result out.</summary>
public sealed partial class VirtioCryptoDevice
{
    private RequestResult Hash(ref RequestBuffers buffers, in DataOp op, Span<byte> fixedPart)
    {
        var (stateless, refused) = Mode(op, VirtioCryptoFeatures.VIRTIO_CRYPTO_F_HASH_STATELESS_MODE);
        if (refused)
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_NOTSUPP, 0);
        }

        if (!stateless)
        {
            return Authenticate(ref buffers, op, fixedPart, SessionKind.Hash);
        }

        if (!ReadFixed(op, fixedPart, HashDataFlfStateless.Size, out var flfBytes))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, "virtio-crypto request outhdr too short");
        }

        var reader = new WireReader(flfBytes);
        HashDataFlfStateless.TryRead(ref reader, out var flf);
        if (!CheckAuthenticate(ref buffers, flf.SrcDataLen, flf.HashResultLen, 0, out var failure))
        {
            return failure;
        }

        if (!Admit(ref buffers, op, flf.SrcDataLen))
        {
            return RequestResult.Pending;
        }

        var request = new SessionRequest { Kind = SessionKind.Hash, HashAlgo = flf.Algo, ResultLength = flf.HashResultLen };
        return RunStatelessAuthenticate(ref buffers, op.Queue, request, default, OpHeader.Size + HashDataFlfStateless.Size, flf.SrcDataLen, flf.HashResultLen);
    }

    private RequestResult Mac(ref RequestBuffers buffers, in DataOp op, Span<byte> fixedPart)
    {
        var (stateless, refused) = Mode(op, VirtioCryptoFeatures.VIRTIO_CRYPTO_F_MAC_STATELESS_MODE);
        if (refused)
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_NOTSUPP, 0);
        }

        if (!stateless)
        {
            return Authenticate(ref buffers, op, fixedPart, SessionKind.Mac);
        }

        if (!ReadFixed(op, fixedPart, MacDataFlfStateless.Size, out var flfBytes))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, "virtio-crypto request outhdr too short");
        }

        var reader = new WireReader(flfBytes);
        MacDataFlfStateless.TryRead(ref reader, out var flf);
        if (flf.AuthKeyLen > Backend.Config.MaxAuthKeyLen)
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0);
        }

        if (!CheckAuthenticate(ref buffers, flf.SrcDataLen, flf.HashResultLen, flf.AuthKeyLen, out var failure))
        {
            return failure;
        }

        if (!Admit(ref buffers, op, flf.SrcDataLen))
        {
            return RequestResult.Pending;
        }

        long vlf = OpHeader.Size + MacDataFlfStateless.Size;
        if (!buffers.TryRead(vlf, (int)flf.AuthKeyLen, out var key))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, "virtio-crypto auth key incorrect");
        }

        var request = new SessionRequest { Kind = SessionKind.Mac, MacAlgo = flf.Algo, ResultLength = flf.HashResultLen };
        return RunStatelessAuthenticate(ref buffers, op.Queue, request, key, vlf + flf.AuthKeyLen, flf.SrcDataLen, flf.HashResultLen);
    }

    private RequestResult Authenticate(ref RequestBuffers buffers, in DataOp op, Span<byte> fixedPart, SessionKind kind)
    {
        var flfSize = DataFlfSize(HashDataFlf.Size);
        if (!ReadFixed(op, fixedPart, flfSize, out var flfBytes))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, "virtio-crypto request outhdr too short");
        }

        var reader = new WireReader(flfBytes);
        HashDataFlf.TryRead(ref reader, out var flf);
        if (!CheckAuthenticate(ref buffers, flf.SrcDataLen, flf.HashResultLen, 0, out var failure))
        {
            return failure;
        }

        if (!Admit(ref buffers, op, flf.SrcDataLen))
        {
            return RequestResult.Pending;
        }

        if (!TryAcquire<AuthenticatorSession>(op.Header.SessionId, kind, out var session))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_INVSESS, 0);
        }

        try
        {
            return RunAuthenticate(ref buffers, op.Queue, session!, OpHeader.Size + flfSize, flf.SrcDataLen, flf.HashResultLen);
        }
        finally
        {
            session!.Release();
        }
    }

    private bool CheckAuthenticate(ref RequestBuffers buffers, uint srcLen, uint resultLen, ulong keyLen, out RequestResult failure)
    {
        failure = default;
        if (TooBig(srcLen, resultLen, keyLen))
        {
            failure = Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, "virtio-crypto too big length");
            return false;
        }

        if (buffers.WritableLength < (long)resultLen + 1)
        {
            failure = Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, "virtio-crypto digest result incorrect");
            return false;
        }

        return true;
    }

    private RequestResult RunStatelessAuthenticate(ref RequestBuffers buffers, int queue, in SessionRequest request, ReadOnlySpan<byte> key, long srcOffset, uint srcLen, uint resultLen)
    {
        var status = BuildStateless(request, default, key, out var session);
        if (session is not AuthenticatorSession auth)
        {
            session?.Release();
            return Complete(ref buffers, status == VIRTIO_CRYPTO_OK ? VIRTIO_CRYPTO_ERR : status, 0);
        }

        try
        {
            return RunAuthenticate(ref buffers, queue, auth, srcOffset, srcLen, resultLen);
        }
        finally
        {
            auth.Release();
        }
    }

    private RequestResult RunAuthenticate(ref RequestBuffers buffers, int queue, AuthenticatorSession session, long srcOffset, uint srcLen, uint resultLen)
    {
        if (resultLen != session.Request.ResultLength)
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0);
        }

        if (!buffers.TryRead(srcOffset, (int)srcLen, out var src))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, "virtio-crypto source data incorrect");
        }

        buffers.TryWrite(0, (int)resultLen, out var result);
        var mac = session.Kind == SessionKind.Mac;
        Backend.Statistics.Account(queue, mac ? CryptodevStat.MacOps : CryptodevStat.HashOps, mac ? CryptodevStat.MacBytes : CryptodevStat.HashBytes, srcLen);
        var status = session.Authenticator.Compute(default, src, result);
        return Complete(ref buffers, status, status == VIRTIO_CRYPTO_OK ? resultLen : 0);
    }
}
