using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.Interop;
using Qcrypto.Cryptodev.Wire;

namespace Qcrypto.Cryptodev.VhostUser.Frontend;

/// <summary>Completing requests: the reaper thread takes used entries and copies the outputs back.</summary>
internal sealed unsafe partial class DriverQueue
{
    private readonly Lock _failing = new();

    private void Reap()
    {
        try
        {
            ReapLoop();
        }
#pragma warning disable CA1031 // The thread boundary: fail the queue, not the process.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _broken ??= $"cryptodev-vhost-user: data queue {_index} failed ({e.GetType().Name})";
            FailOutstanding();
        }
    }

    private void ReapLoop()
    {
        Span<int> fds = stackalloc int[3];
        Span<short> revents = stackalloc short[3];
        fds[0] = _stop.Fd;
        fds[1] = Call.Fd;
        fds[2] = Err.Fd;
        var errorSeen = false;
        while (true)
        {
            Poller.WaitReadable(fds, revents, -1);
            if (revents[0] != 0 || _broken is not null)
            {
                // Broken (the back-end went) or stopped: nobody will complete what is in flight but us.
                FailOutstanding();
                return;
            }

            Call.Drain();
            if (revents[2] != 0)
            {
                // The back-end stopped the queue: what completes from now on broke the device.
                Err.Drain();
                errorSeen = true;
            }

            do
            {
                while (_ring.TryTakeUsed(out var head, out var length))
                {
                    Complete(head, length, errorSeen);
                }
            }
            while (_ring.ArmAndCheck());

            if (errorSeen)
            {
                _broken ??= $"cryptodev-vhost-user: the back-end stopped data queue {_index} (a request broke the device)";
                FailOutstanding();
                return;
            }
        }
    }

    private void Complete(ushort head, uint used, bool deviceError)
    {
        if (head >= _slots.Length || !_slots[head].Busy || _slots[head].Element is not { } element)
        {
            // A back-end returning what we never offered: nothing of ours to complete.
            return;
        }

        var slot = _slots[head];
        var buffer = (slot.UsesBig ? _base + _layout.Big : _base + _layout.Slots + ((ulong)head * (ulong)_layout.SlotSize)) + slot.WritableOffset;
        var written = new ReadOnlySpan<byte>(buffer, slot.WritableLength);
        var status = VirtioCryptoStatus.VIRTIO_CRYPTO_ERR;
        var usedLength = Math.Min(used, (uint)slot.WritableLength);
        if (usedLength > 0)
        {
            // The outputs are a prefix, the status the last writable byte.
            Scatter(element, written[..(int)(usedLength - 1)]);
            var last = element.Writable[^1].Span;
            status = (VirtioCryptoStatus)written[^1];
            last[^1] = written[^1];
        }

        slot.Result = new RequestResult(status, usedLength, DeviceError: deviceError ? $"cryptodev-vhost-user: the back-end stopped data queue {_index}" : null);
        Finish(head);
    }

    private void Finish(int index)
    {
        var slot = _slots[index];
        if (slot.Completion is { } completion)
        {
            var element = slot.Element!;
            var result = slot.Result;
            Release(index);
            completion.Complete(_index, element, result);
        }
        else
        {
            slot.Done.Set();
        }
    }

    private static void Scatter(VirtqueueElement element, ReadOnlySpan<byte> bytes)
    {
        foreach (var segment in element.Writable)
        {
            if (bytes.IsEmpty)
            {
                return;
            }

            var take = Math.Min(bytes.Length, segment.Length);
            bytes[..take].CopyTo(segment.Span);
            bytes = bytes[take..];
        }
    }

    /// <summary>Completes every request still in flight with ERR and the queue's device error.</summary>
    private void FailOutstanding()
    {
        var reason = _broken ?? $"cryptodev-vhost-user: data queue {_index} stopped";
        lock (_failing)
        {
            FailOutstanding(reason);
        }
    }

    private void FailOutstanding(string reason)
    {
        for (var i = 0; i < _slots.Length; i++)
        {
            var slot = _slots[i];
            if (!slot.Busy || slot.Element is not { } element || slot.Done.IsSet)
            {
                continue;
            }

            var last = element.Writable[^1].Span;
            last[^1] = (byte)VirtioCryptoStatus.VIRTIO_CRYPTO_ERR;
            slot.Result = new RequestResult(VirtioCryptoStatus.VIRTIO_CRYPTO_ERR, 1, DeviceError: reason);
            Finish(i);
        }
    }
}
