using System.Buffers.Binary;
using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Builtin;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Device;

/// <summary>
/// The one request shape that dominates, run without the general machinery: a session-mode
/// CIPHER request laid out as Linux's driver (and the bench) lays it out — header, fixed part and
/// IV in the first readable segment, src_data within one segment, dst_data in the first writable
/// segment with the status byte after it — on an existing cipher session, with no throttle. For a
/// 64-byte AES-CBC request the general path's bookkeeping cost more than the cipher (callgrind: 1,500
/// instructions per request before, AES itself 150), and NativeAOT, having no profile to inline and
/// devirtualize with, paid for every layer of it.
/// </summary>
/// <remarks>
/// Nothing here decides an outcome the general path would decide differently: every check is one
/// the general path makes, and any request that is not of this shape, or that would fail a check
/// before the cipher runs, goes back to <see cref="Run"/> untouched (no byte written, no statistic
/// counted) to be answered there in QEMU's order. Only the cipher's own verdict (ERR for a length
/// that is not whole blocks, say) is answered here, as the general path would answer it. A test runs
/// random requests both ways and compares everything.
/// </remarks>
public sealed partial class VirtioCryptoDevice
{
    /// <summary>Tests set this to send every request the general way.</summary>
    internal bool FastPathDisabled { get; set; }

    internal bool TryFastCipher(int queue, VirtqueueElement element, out RequestResult result)
    {
        result = default;
        var readable = element.Readable;
        var writable = element.Writable;
        if (readable.IsEmpty || writable.Length == 0 || (uint)queue >= (uint)_queues || _throttle.IsEnabled || FastPathDisabled)
        {
            return false;
        }

        // Header and the 48-byte symmetric fixed part (its size with and without REVISION_1).
        const int ivOffset = OpHeader.Size + SymDataFlf.Size;
        var in0 = readable[0].Span;
        if (in0.Length < ivOffset)
        {
            return false;
        }

        var opcode = (VirtioCryptoOpcode)BinaryPrimitives.ReadUInt32LittleEndian(in0);
        var sessionId = BinaryPrimitives.ReadUInt64LittleEndian(in0[8..]);
        var flag = BinaryPrimitives.ReadUInt32LittleEndian(in0[16..]);
        var opType = (VirtioCryptoSymOp)BinaryPrimitives.ReadUInt32LittleEndian(in0[(OpHeader.Size + WireSizes.SymDataReqHdrSize)..]);
        var ivLen = BinaryPrimitives.ReadUInt32LittleEndian(in0[OpHeader.Size..]);
        var srcLen = BinaryPrimitives.ReadUInt32LittleEndian(in0[(OpHeader.Size + 4)..]);
        var dstLen = BinaryPrimitives.ReadUInt32LittleEndian(in0[(OpHeader.Size + 8)..]);

        // Session mode as Mode() decides it; the lengths as CheckSymLengths checks them.
        var sessionMode = (flag & OpHeader.VIRTIO_CRYPTO_FLAG_SESSION_MODE) != 0;
        if (opcode is not (VirtioCryptoOpcode.VIRTIO_CRYPTO_CIPHER_ENCRYPT or VirtioCryptoOpcode.VIRTIO_CRYPTO_CIPHER_DECRYPT)
            || opType != VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_CIPHER
            || (_revision1 && !sessionMode)
            || srcLen != dstLen
            || (ulong)ivLen + srcLen + dstLen > _maxSize)
        {
            return false;
        }

        // The IV in the first segment; src right after it, in the first segment or filling the second from its start.
        var srcOffset = ivOffset + (long)ivLen;
        ReadOnlySpan<byte> src;
        if (srcOffset + srcLen <= in0.Length)
        {
            src = in0.Slice((int)srcOffset, (int)srcLen);
        }
        else if (srcOffset == in0.Length && readable.Length > 1 && readable[1].Length >= srcLen)
        {
            src = readable[1].Span[..(int)srcLen];
        }
        else
        {
            return false;
        }

        // dst in the first writable segment, the status byte (last byte of the last segment) after it.
        var out0 = writable[0];
        var last = writable[^1];
        if (last.IsEmpty || !(srcLen < out0.Length || (srcLen == out0.Length && writable.Length > 1)))
        {
            return false;
        }

        if (_sessions?.TryAcquire(sessionId, out var any) != true)
        {
            return false;
        }

        if (any is not CipherSession session)
        {
            any!.Release();
            return false;
        }

        try
        {
            var encrypt = session.Encrypt;
            if (encrypt)
            {
                _statistics.Account(queue, CryptodevStat.SymEncryptOps, CryptodevStat.SymEncryptBytes, srcLen);
            }
            else
            {
                _statistics.Account(queue, CryptodevStat.SymDecryptOps, CryptodevStat.SymDecryptBytes, srcLen);
            }

            var status = session.Cipher.Transform(encrypt, in0.Slice(ivOffset, (int)ivLen), src, out0.Span[..(int)srcLen]);
            last.Span[^1] = (byte)status;
            result = new RequestResult(status, status == VIRTIO_CRYPTO_OK ? srcLen + 1 : 1);
            return true;
        }
        finally
        {
            session.Release();
        }
    }
}
