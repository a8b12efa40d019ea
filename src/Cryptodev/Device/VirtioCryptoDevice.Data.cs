using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Builtin;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoOpcode;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Device;

/// <summary>
/// The data queues. Every request: header (24 bytes) and fixed part (48 bytes without REVISION_1,
/// the struct's own size with it, the stateless struct when that mode is negotiated and the request
/// does not set VIRTIO_CRYPTO_FLAG_SESSION_MODE), then the variable part (inputs in the readable
/// segments, outputs in the writable ones), then the status byte (the last writable byte). All
/// lengths are checked — against each other, against max_size and against the segments — before a
/// byte of the variable part is read.
/// </summary>
public sealed partial class VirtioCryptoDevice
{
    /// <summary>sizeof(struct virtio_crypto_op_data_req): what QEMU reads before looking at the opcode.</summary>
    private const int LegacyFixedPart = OpHeader.Size + WireSizes.DataqOpSpecHdrLegacy;

    /// <summary>Runs one data request from queue <paramref name="queue"/>, or queues it behind the throttle.</summary>
    public RequestResult ProcessData(int queue, VirtqueueElement element)
    {
        ArgumentNullException.ThrowIfNull(element);
        if (_forwarder is not null)
        {
            // cryptodev-vhost-user: the back-end process runs the request.
            return _forwarder.Forward(queue, element, _completion);
        }

        return TryFastCipher(queue, element, out var result) ? result : Run(queue, element, admit: _completion is not null);
    }

    private RequestResult Run(int queue, VirtqueueElement element, bool admit)
    {
        scoped var buffers = new RequestBuffers(element);

        // QEMU's order: both segment lists present, the whole fixed part readable (its struct is 72
        // bytes without REVISION_1; with it, each handler checks its own struct's size), then the
        // in-header (status byte) in the last writable segment.
        if (buffers.MissingSegments)
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.DataqMissingHeaders);
        }

        if ((uint)queue >= (uint)_queues)
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.NoDataQueue(queue));
        }

        // The header and fixed part are used in place in guest memory when the first segment holds
        // them (gathered otherwise); every field is read exactly once, so a guest changing them
        // meanwhile cannot make a check and a use disagree.
        if ((!_revision1 && !buffers.HasReadable(LegacyFixedPart)) || !buffers.TryRead(0, OpHeader.Size, out var headerBytes))
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.OutHeaderTooShort);
        }

        if (buffers.LastWritableEmpty)
        {
            return Complete(ref buffers, VIRTIO_CRYPTO_ERR, 0, DeviceErrors.InHeaderTooShort);
        }

        var header = OpHeader.Read(headerBytes);
        var op = new DataOp(queue, element, admit, header);
        return header.Opcode switch
        {
            VIRTIO_CRYPTO_CIPHER_ENCRYPT or VIRTIO_CRYPTO_CIPHER_DECRYPT => Symmetric(ref buffers, op),
            VIRTIO_CRYPTO_HASH => Hash(ref buffers, op),
            VIRTIO_CRYPTO_MAC => Mac(ref buffers, op),
            VIRTIO_CRYPTO_AEAD_ENCRYPT or VIRTIO_CRYPTO_AEAD_DECRYPT => Aead(ref buffers, op),
            VIRTIO_CRYPTO_AKCIPHER_ENCRYPT or VIRTIO_CRYPTO_AKCIPHER_DECRYPT or VIRTIO_CRYPTO_AKCIPHER_SIGN
                or VIRTIO_CRYPTO_AKCIPHER_VERIFY => Akcipher(ref buffers, op),

            // QEMU: "virtio-crypto unsupported dataq opcode".
            _ => Complete(ref buffers, VIRTIO_CRYPTO_NOTSUPP, 0),
        };
    }

    /// <summary>What every data handler needs about the request besides its buffers.</summary>
    private readonly record struct DataOp(int Queue, VirtqueueElement Element, bool Admit, OpHeader Header)
    {
        public bool SessionMode => (Header.Flag & OpHeader.VIRTIO_CRYPTO_FLAG_SESSION_MODE) != 0;
    }

    /// <summary>
    /// Session mode, stateless mode, or refused: stateless only when negotiated for the service and
    /// the flag does not ask for session mode. With REVISION_1 but not the service's stateless bit,
    /// the spec says the device SHOULD reject requests without the session-mode flag: NOTSUPP.
    /// </summary>
    private (bool Stateless, bool Refused) Mode(in DataOp op, VirtioCryptoFeatures statelessBit)
    {
        if (Stateless(statelessBit))
        {
            return (!op.SessionMode, false);
        }

        return (false, _revision1 && !op.SessionMode);
    }

    /// <summary>Sum of a request's variable-length fields against max_size (QEMU: "virtio-crypto too big length").</summary>
    private bool TooBig(params ReadOnlySpan<ulong> lengths)
    {
        ulong total = 0;
        foreach (var length in lengths)
        {
            total += length;
        }

        return total > _maxSize;
    }

    /// <summary>True: run now. False: the throttle queued the request; it will complete through the completion callback.</summary>
    private bool Admit(ref RequestBuffers buffers, in DataOp op, ulong bytes)
    {
        if (!op.Admit || !_throttle.IsEnabled)
        {
            return true;
        }

        if (_throttle.TryAdmit(new DeferredRequest(this, op.Queue, op.Element), bytes))
        {
            return true;
        }

        buffers.Abandon();
        return false;
    }

    private static RequestResult Complete(ref RequestBuffers buffers, VirtioCryptoStatus status, long output, string? deviceError = null)
    {
        var written = buffers.Finish(output, (byte)status);
        return new RequestResult(status, written ? (uint)output + 1 : 0, DeviceError: deviceError);
    }

    /// <summary>Acquires session <paramref name="id"/> if it is a <typeparamref name="T"/> of <paramref name="kind"/>.</summary>
    private bool TryAcquire<T>(ulong id, SessionKind kind, out T? session)
        where T : CryptoSession
    {
        session = null;
        if (!Backend.TryAcquireSession(id, out var any))
        {
            return false;
        }

        if (any is T typed && any.Kind == kind)
        {
            session = typed;
            return true;
        }

        any!.Release();
        return false;
    }

    private VirtioCryptoStatus BuildStateless(in SessionRequest request, ReadOnlySpan<byte> cipherKey, ReadOnlySpan<byte> authKey, out CryptoSession? session)
    {
        var status = Backend.BuildStatelessSession(request, cipherKey, authKey, out session);
        if (status != VIRTIO_CRYPTO_OK)
        {
            session?.Release();
            session = null;
        }

        return status == VIRTIO_CRYPTO_OK && session is null ? VIRTIO_CRYPTO_ERR : status;
    }

    private sealed class DeferredRequest(VirtioCryptoDevice device, int queue, VirtqueueElement element) : IDeferredRequest
    {
        public void Run() => device._completion!.Complete(queue, element, device.Run(queue, element, admit: false));
    }
}
