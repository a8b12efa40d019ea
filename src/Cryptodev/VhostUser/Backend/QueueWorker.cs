using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.Interop;
using Qcrypto.Cryptodev.VhostUser.Protocol;
using Qcrypto.Cryptodev.VhostUser.Virtqueue;

namespace Qcrypto.Cryptodev.VhostUser.Backend;

/// <summary>
/// Serves one data queue on a thread of its own: waits for a kick, takes every available chain,
/// runs it on the device, returns it, and signals the call eventfd when the driver wants it. The
/// ring, notifiers and device stay fixed while it runs; whoever changes them stops it first. A
/// broken chain or a request that breaks the device stops the queue (the err eventfd is signalled),
/// as virtio_error does in QEMU, until the front-end sets the ring up again.
/// </summary>
internal sealed class QueueWorker : IDisposable
{
    /// <summary>Publish and notify at least this often inside a long batch, so the driver sees results early.</summary>
    private const int PublishEvery = 32;

    /// <summary>Without a kick eventfd (SET_VRING_KICK's no-fd flag) the ring is polled this often.</summary>
    private const int PollIntervalMs = 1;

    private readonly int _queue;
    private readonly DeviceRing _ring;
    private readonly EventFd? _kick;
    private readonly EventFd? _call;
    private readonly EventFd? _err;
    private readonly VirtioCryptoDevice _device;
    private readonly BackendConnection _owner;
    private readonly EventFd _stop = EventFd.Create();
    private readonly VirtqueueElement _element = new(16);
    private readonly Thread _thread;

    public QueueWorker(int queue, DeviceRing ring, EventFd? kick, EventFd? call, EventFd? err, VirtioCryptoDevice device, BackendConnection owner)
    {
        _queue = queue;
        _ring = ring;
        _kick = kick;
        _call = call;
        _err = err;
        _device = device;
        _owner = owner;
        _thread = new Thread(Run) { IsBackground = true, Name = $"vhost-user-crypto q{queue}" };
    }

    /// <summary>True once a fault stopped the queue.</summary>
    public bool Broken { get; private set; }

    public ushort LastAvail => _ring.LastAvail;

    public void Start() => _thread.Start();

    /// <summary>Stops the thread and waits for it (the ring's last avail index is final afterwards).</summary>
    public void Dispose()
    {
        _stop.Signal();
        if (_thread.IsAlive || _thread.ThreadState != ThreadState.Unstarted)
        {
            _thread.Join();
        }

        _stop.Dispose();
        _element.Clear();
    }

    private void Run()
    {
        Span<int> fds = stackalloc int[2];
        Span<short> revents = stackalloc short[2];
        fds[0] = _stop.Fd;
        fds[1] = _kick?.Fd ?? -1;
        var count = _kick is null ? 1 : 2;

        // A kick may have come before we started: look once without waiting.
        var pending = true;
        while (true)
        {
            if (!pending)
            {
                Poller.WaitReadable(fds[..count], revents[..count], _kick is null ? PollIntervalMs : -1);
                if (revents[0] != 0)
                {
                    return;
                }

                if (count == 2 && (revents[1] & (Libc.POLLERR | Libc.POLLNVAL)) != 0)
                {
                    // The kick descriptor is unusable (the peer sent a bogus one): poll instead.
                    count = 1;
                }
            }

            pending = false;
            _kick?.Drain();
            if (!Broken)
            {
                try
                {
                    Serve();
                }
#pragma warning disable CA1031 // The thread boundary: a request must not end the process.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    Fail(VhostUserErrorCode.System, $"queue {_queue}: internal error ({e.GetType().Name})");
                }
            }
        }
    }

    private void Serve()
    {
        var served = 0L;
        var notified = 0L;
        do
        {
            var batch = 0;
            while (_ring.TryPop(_element, out var head, out _))
            {
                var result = _device.ProcessData(_queue, _element);
                _element.Clear();
                _ring.Push(head, result.UsedLength);
                served++;
                if (result.DeviceError is { } error)
                {
                    Fail(VhostUserErrorCode.DeviceError, $"queue {_queue}: {error}");
                    break;
                }

                if (++batch == PublishEvery)
                {
                    batch = 0;
                    notified += Notify();
                }
            }

            if (!Broken && _ring.LastFault != VirtqueueFault.None)
            {
                Fail(VhostUserErrorCode.BadDescriptorChain, $"queue {_queue}: {VirtqueueFaults.Describe(_ring.LastFault)}");
            }

            notified += Notify();
        }
        while (!Broken && _ring.ArmAndCheck());

        _owner.Statistics.AddRequests(served);
        _owner.Statistics.AddNotifications(notified);
    }

    private int Notify()
    {
        _ring.Publish();
        return _ring.ShouldSignal() && _call is not null && _call.Signal() ? 1 : 0;
    }

    private void Fail(VhostUserErrorCode code, string message)
    {
        Broken = true;
        if (code == VhostUserErrorCode.DeviceError)
        {
            _owner.Statistics.DeviceError();
        }
        else
        {
            _owner.Statistics.RingFault();
        }

        _owner.Report(VhostUserLogLevel.Error, code, message + " (queue stopped until the front-end sets it up again)");
        _err?.Signal();
    }
}
