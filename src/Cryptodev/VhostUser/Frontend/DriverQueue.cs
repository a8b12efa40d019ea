using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.Interop;
using Qcrypto.Cryptodev.VhostUser.Virtqueue;
using Qcrypto.Cryptodev.Wire;

namespace Qcrypto.Cryptodev.VhostUser.Frontend;

/// <summary>
/// One data queue of the front-end: requests are copied into a slot's buffer in shared memory
/// (readable bytes, then room for the writable ones), offered on the ring, and completed by a reaper
/// thread that copies the outputs back: the first used-length − 1 bytes and the status byte, which
/// is what the device wrote (a failed request writes only its status). Completion is synchronous for
/// a device without an <see cref="IRequestCompletion"/>, and through it otherwise (requests in flight
/// at once: the ring size).
/// </summary>
internal sealed unsafe partial class DriverQueue : IDisposable
{
    private readonly int _index;
    private readonly QueueLayout _layout;
    private readonly FrontendMemory _memory;
    private readonly byte* _base;
    private readonly DriverRing _ring;
    private readonly Slot[] _slots;
    private readonly Stack<int> _free;
    private readonly SemaphoreSlim _available;
    private readonly SemaphoreSlim _big = new(1, 1);
    private readonly Lock _submit = new();
    private readonly EventFd _stop = EventFd.Create();
    private readonly Thread _reaper;
    private readonly Func<ulong, ulong> _remoteSession;
    private volatile string? _broken;

    public DriverQueue(int index, QueueLayout layout, FrontendMemory memory, ulong offset, Func<ulong, ulong> remoteSession)
    {
        _index = index;
        _layout = layout;
        _memory = memory;
        _base = memory.Pointer + offset;
        _remoteSession = remoteSession;
        _ring = new DriverRing(layout.RingSize, _base + layout.Desc, _base + layout.Avail, _base + layout.Used);
        _slots = new Slot[layout.RingSize];
        _free = new Stack<int>(layout.RingSize);
        for (var i = layout.RingSize - 1; i >= 0; i--)
        {
            _slots[i] = new Slot();
            _free.Push(i);
            var table = _base + layout.Tables + ((ulong)i * QueueLayout.TableEntries * VringLayout.DescriptorSize);
            _ring.SetDescriptor(i, memory.GuestOf(table), 0, VringLayout.DescIndirect);
        }

        _available = new SemaphoreSlim(layout.RingSize, layout.RingSize);
        Kick = EventFd.Create();
        Call = EventFd.Create();
        Err = EventFd.Create();
        _reaper = new Thread(Reap) { IsBackground = true, Name = $"cryptodev-vhost-user q{index}" };
    }

    public EventFd Kick { get; }

    public EventFd Call { get; }

    public EventFd Err { get; }

    /// <summary>The ring addresses as SET_VRING_ADDR gives them (user addresses).</summary>
    public Protocol.VringAddress Address => new((uint)_index, 0, _memory.UserOf(_base + _layout.Desc), _memory.UserOf(_base + _layout.Used), _memory.UserOf(_base + _layout.Avail), 0);

    /// <summary>The negotiated virtio-crypto features (they decide which requests carry a session id).</summary>
    public VirtioCryptoFeatures Features { get; set; }

    public void Start() => _reaper.Start();

    /// <summary>Fails every request from now on (and those in flight) with <paramref name="reason"/> as the device error.</summary>
    public void Break(string reason)
    {
        _broken ??= reason;
        _stop.Signal();
    }

    public void Dispose()
    {
        Break($"cryptodev-vhost-user: data queue {_index} stopped");
        if (_reaper.ThreadState != ThreadState.Unstarted)
        {
            _reaper.Join();
        }

        FailOutstanding();
        _stop.Dispose();
        Kick.Dispose();
        Call.Dispose();
        Err.Dispose();
    }

    private sealed class Slot
    {
        public VirtqueueElement? Element;
        public IRequestCompletion? Completion;
        public ManualResetEventSlim Done { get; } = new();
        public RequestResult Result;
        public ulong WritableOffset;
        public int WritableLength;
        public bool UsesBig;
        public bool Busy;
    }
}
