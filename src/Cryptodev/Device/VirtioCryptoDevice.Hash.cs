using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Builtin;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Device;

/// <summary>
/// HASH and MAC: src_data in, hash_result out (QEMU 7.2 answers them NOTSUPP; the checks follow its
/// symmetric requests: lengths against max_size, inputs against the segments, then the session,
/// the operation, and whether the result fits).
/// </summary>
public sealed partial class VirtioCryptoDevice
{
    private RequestResult Hash(ref RequestBuffers buffers, in DataOp op)
    {
        var (stateless, refused) = Mode(op, VirtioCryptoFeatures.VIRTIO_CRYPTO_F_HASH_STATELESS_MODE);
        if (refused)
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_NOTSUPP, 0);
        }

        if (!stateless)
        {
            return Authenticate(ref buffers, op, SessionKind.Hash);
        }

        if (!buffers.TryRead(OpHeader.Size, HashDataFlfStateless.Size, out var flfBytes))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.OutHeaderTooShort);
        }

        var reader = new WireReader(flfBytes);
        HashDataFlfStateless.TryRead(ref reader, out var flf);
        if (TooBig(flf.SrcDataLen, flf.HashResultLen))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.TooBig);
        }

        if (!buffers.TryRead(OpHeader.Size + HashDataFlfStateless.Size, (int)flf.SrcDataLen, out var src))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.Source);
        }

        if (!Admit(ref buffers, op, flf.SrcDataLen))
        {
            return RequestResult.Pending;
        }

        var request = new SessionRequest { Kind = SessionKind.Hash, HashAlgo = flf.Algo, ResultLength = flf.HashResultLen };
        return RunStatelessAuthenticate(ref buffers, op.Queue, request, default, src, flf.HashResultLen);
    }

    private RequestResult Mac(ref RequestBuffers buffers, in DataOp op)
    {
        var (stateless, refused) = Mode(op, VirtioCryptoFeatures.VIRTIO_CRYPTO_F_MAC_STATELESS_MODE);
        if (refused)
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_NOTSUPP, 0);
        }

        if (!stateless)
        {
            return Authenticate(ref buffers, op, SessionKind.Mac);
        }

        if (!buffers.TryRead(OpHeader.Size, MacDataFlfStateless.Size, out var flfBytes))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.OutHeaderTooShort);
        }

        var reader = new WireReader(flfBytes);
        MacDataFlfStateless.TryRead(ref reader, out var flf);
        if (flf.AuthKeyLen > Backend.Config.MaxAuthKeyLen)
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0);
        }

        if (TooBig(flf.SrcDataLen, flf.HashResultLen, flf.AuthKeyLen))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.TooBig);
        }

        // Stateless vlf: auth_key, src_data.
        long vlf = OpHeader.Size + MacDataFlfStateless.Size;
        if (!buffers.TryRead(vlf, (int)flf.AuthKeyLen, out var key))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.AuthKey);
        }

        if (!buffers.TryRead(vlf + flf.AuthKeyLen, (int)flf.SrcDataLen, out var src))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.Source);
        }

        if (!Admit(ref buffers, op, flf.SrcDataLen))
        {
            return RequestResult.Pending;
        }

        var request = new SessionRequest { Kind = SessionKind.Mac, MacAlgo = flf.Algo, ResultLength = flf.HashResultLen };
        return RunStatelessAuthenticate(ref buffers, op.Queue, request, key, src, flf.HashResultLen);
    }

    private RequestResult Authenticate(ref RequestBuffers buffers, in DataOp op, SessionKind kind)
    {
        var flfSize = DataFlfSize(HashDataFlf.Size);
        if (!buffers.TryRead(OpHeader.Size, flfSize, out var flfBytes))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.OutHeaderTooShort);
        }

        var reader = new WireReader(flfBytes);
        HashDataFlf.TryRead(ref reader, out var flf);
        if (TooBig(flf.SrcDataLen, flf.HashResultLen))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.TooBig);
        }

        if (!buffers.TryRead(OpHeader.Size + flfSize, (int)flf.SrcDataLen, out var src))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.Source);
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
            return RunAuthenticate(ref buffers, op.Queue, session!, src, flf.HashResultLen);
        }
        finally
        {
            session!.Release();
        }
    }

    private RequestResult RunStatelessAuthenticate(ref RequestBuffers buffers, int queue, in SessionRequest request, ReadOnlySpan<byte> key, ReadOnlySpan<byte> src, uint resultLen)
    {
        var status = BuildStateless(request, default, key, out var session);
        if (session is not AuthenticatorSession auth)
        {
            session?.Release();
            return Complete(ref buffers, status == VIRTIO_CRYPTO_OK ? VIRTIO_CRYPTO_ERR : status, 0);
        }

        try
        {
            return RunAuthenticate(ref buffers, queue, auth, src, resultLen);
        }
        finally
        {
            auth.Release();
        }
    }

    private RequestResult RunAuthenticate(ref RequestBuffers buffers, int queue, AuthenticatorSession session, ReadOnlySpan<byte> src, uint resultLen)
    {
        if (resultLen != session.Request.ResultLength)
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0);
        }

        // In place: an authenticator checks its input before it writes the result.
        var result = buffers.Output(0, (int)resultLen, staged: false, out var fits);
        var mac = session.Kind == SessionKind.Mac;
        Backend.Statistics.Account(queue, mac ? CryptodevStat.MacOps : CryptodevStat.HashOps, mac ? CryptodevStat.MacBytes : CryptodevStat.HashBytes, (ulong)src.Length);
        var status = session.Authenticator.Compute(default, src, result);
        if (status != VIRTIO_CRYPTO_OK)
        {
            return Complete(ref buffers, status, 0);
        }

        return fits ? Complete(ref buffers, status, resultLen) : Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.Digest);
    }
}
