using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.VhostUser.Virtqueue;
using Qcrypto.Cryptodev.Wire;

namespace Qcrypto.Cryptodev.VhostUser.Frontend;

/// <summary>Submitting a request: local structure checks, copy in, session id rewrite, offer, kick.</summary>
internal sealed unsafe partial class DriverQueue
{
    /// <summary>
    /// Runs <paramref name="element"/> on the back-end. What the ring cannot carry is answered here,
    /// as the device would: no readable or no writable segment, or an empty last writable segment
    /// (vhost-user has no zero-length buffers).
    /// </summary>
    public RequestResult Submit(VirtqueueElement element, IRequestCompletion? completion, bool revision1)
    {
        if (element.ReadableCount == 0 || element.WritableCount == 0)
        {
            return LocalError(element, DeviceErrors.DataqMissingHeaders);
        }

        long readable = 0, writable = 0;
        foreach (var segment in element.Readable)
        {
            readable += segment.Length;
        }

        foreach (var segment in element.Writable)
        {
            writable += segment.Length;
        }

        if (element.Writable[^1].Length == 0)
        {
            var fixedPart = revision1 ? OpHeader.Size : OpHeader.Size + WireSizes.DataqOpSpecHdrLegacy;
            return LocalError(element, readable < fixedPart ? DeviceErrors.OutHeaderTooShort : DeviceErrors.InHeaderTooShort);
        }

        var total = Align8(readable) + writable;
        if (total > _layout.BigSize)
        {
            // max_size keeps the guest's requests below this; only a broken one gets here.
            return LocalError(element, $"cryptodev-vhost-user: request of {total} bytes exceeds the {_layout.BigSize}-byte buffer");
        }

        if (_broken is { } broken)
        {
            return LocalError(element, broken);
        }

        var big = total > _layout.SlotSize;
        if (big && Thread.CurrentThread == _reaper && !_big.Wait(0))
        {
            // Resubmitted from a completion while the large buffer is in use: waiting here would stop
            // the only thread that can free it.
            return LocalError(element, $"cryptodev-vhost-user: data queue {_index}: the large-request buffer is busy (resubmit from another thread)");
        }

        _available.Wait();
        if (big && Thread.CurrentThread != _reaper)
        {
            _big.Wait();
        }

        int slotIndex;
        lock (_submit)
        {
            slotIndex = _free.Pop();
        }

        var slot = _slots[slotIndex];
        slot.Element = element;
        slot.Completion = completion;
        slot.UsesBig = big;
        slot.Busy = true;
        slot.Done.Reset();
        var buffer = big ? _base + _layout.Big : _base + _layout.Slots + ((ulong)slotIndex * (ulong)_layout.SlotSize);

        // Readable bytes, gathered; the session id in the copy becomes the back-end's.
        var offset = 0;
        foreach (var segment in element.Readable)
        {
            segment.Span.CopyTo(new Span<byte>(buffer + offset, segment.Length));
            offset += segment.Length;
        }

        RewriteSession(new Span<byte>(buffer, (int)readable));
        slot.WritableOffset = (ulong)Align8(readable);
        slot.WritableLength = (int)writable;
        var table = _base + _layout.Tables + ((ulong)slotIndex * QueueLayout.TableEntries * VringLayout.DescriptorSize);
        var entries = 0;
        if (readable > 0)
        {
            WriteEntry(table, entries++, _memory.GuestOf(buffer), (uint)readable, VringLayout.DescNext);
        }

        WriteEntry(table, entries++, _memory.GuestOf(buffer + slot.WritableOffset), (uint)writable, VringLayout.DescWrite);
        lock (_submit)
        {
            _ring.SetDescriptor(slotIndex, _memory.GuestOf(table), (uint)(entries * VringLayout.DescriptorSize), VringLayout.DescIndirect);
            _ring.Add((ushort)slotIndex);
            if (_ring.Publish())
            {
                Kick.Signal();
            }
        }

        // Broken meanwhile, with nobody left to reap: answer it here.
        if (_broken is not null && !_reaper.IsAlive)
        {
            FailOutstanding();
        }

        if (completion is not null)
        {
            return RequestResult.Pending;
        }

        while (!slot.Done.Wait(200))
        {
            if (_broken is not null && !_reaper.IsAlive)
            {
                FailOutstanding();
            }
        }

        var result = slot.Result;
        Release(slotIndex);
        return result;
    }

    private static long Align8(long value) => (value + 7) & ~7L;

    private static void WriteEntry(byte* table, int index, ulong address, uint length, ushort flags)
    {
        var d = table + (index * VringLayout.DescriptorSize);
        *(ulong*)d = address;
        *(uint*)(d + 8) = length;
        *(ushort*)(d + 12) = flags;
        *(ushort*)(d + 14) = (ushort)(index + 1);
    }

    /// <summary>
    /// A session-mode request's session_id (header offset 8) is ours; the back-end knows its own.
    /// An id we do not know becomes one no back-end gives out, so it fails there as INVSESS.
    /// </summary>
    private void RewriteSession(Span<byte> header)
    {
        if (header.Length < OpHeader.Size)
        {
            return;
        }

        var parsed = OpHeader.Read(header);
        if (IsStateless(parsed))
        {
            return;
        }

        new WireWriter(header.Slice(8, 8)).WriteUInt64(_remoteSession(parsed.SessionId));
    }

    private bool IsStateless(OpHeader header)
    {
        if ((header.Flag & OpHeader.VIRTIO_CRYPTO_FLAG_SESSION_MODE) != 0)
        {
            return false;
        }

        var bit = ((uint)header.Opcode >> 8) switch
        {
            0 => VirtioCryptoFeatures.VIRTIO_CRYPTO_F_CIPHER_STATELESS_MODE,
            1 => VirtioCryptoFeatures.VIRTIO_CRYPTO_F_HASH_STATELESS_MODE,
            2 => VirtioCryptoFeatures.VIRTIO_CRYPTO_F_MAC_STATELESS_MODE,
            3 => VirtioCryptoFeatures.VIRTIO_CRYPTO_F_AEAD_STATELESS_MODE,
            4 => VirtioCryptoFeatures.VIRTIO_CRYPTO_F_AKCIPHER_STATELESS_MODE,
            _ => VirtioCryptoFeatures.None,
        };
        return bit != VirtioCryptoFeatures.None && (Features & bit) != 0;
    }

    /// <summary>An answer given here: ERR in the last writable byte when there is one, and the device error.</summary>
    private static RequestResult LocalError(VirtqueueElement element, string error)
    {
        for (var i = element.WritableCount - 1; i >= 0; i--)
        {
            var segment = element.Writable[i];
            if (segment.Length > 0)
            {
                if (i == element.WritableCount - 1)
                {
                    segment.Span[^1] = (byte)VirtioCryptoStatus.VIRTIO_CRYPTO_ERR;
                    return new RequestResult(VirtioCryptoStatus.VIRTIO_CRYPTO_ERR, 1, DeviceError: error);
                }

                break;
            }
        }

        return new RequestResult(VirtioCryptoStatus.VIRTIO_CRYPTO_ERR, 0, DeviceError: error);
    }

    private void Release(int slotIndex)
    {
        var slot = _slots[slotIndex];
        var big = slot.UsesBig;
        slot.Element = null;
        slot.Completion = null;
        slot.Busy = false;
        lock (_submit)
        {
            _free.Push(slotIndex);
        }

        if (big)
        {
            _big.Release();
        }

        _available.Release();
    }
}
