namespace Qcrypto.Cryptodev.Backend;

/// <summary>A request the throttle held back; run once its turn comes (on a timer thread).</summary>
public interface IDeferredRequest
{
    void Run();
}

/// <summary>
/// throttle-bps / throttle-ops (QEMU 8.0's cryptodev QoS, the leaky buckets of util/throttle.c):
/// each bucket leaks at its rate per second; a request may start while the level is below the
/// burst (a tenth of a second's worth, as QEMU's default bkt.max), then adds its cost. Requests
/// that may not start queue in order and complete later from a timer; while anything is queued,
/// new requests queue behind it. A rate of 0 means unlimited; setting both to 0 releases the queue.
/// </summary>
public sealed class CryptodevThrottle : IDisposable
{
    private readonly Queue<(IDeferredRequest Request, ulong Bytes)> _queue = new();
    private readonly Lock _lock = new();
    private readonly Timer _timer;
    private readonly TimeProvider _time;
    private double _levelBytes;
    private double _levelOps;
    private long _last;
    private bool _scheduled;

    public CryptodevThrottle(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _last = _time.GetTimestamp();
        _timer = new Timer(_ => Drain());
    }

    public ulong BytesPerSecond { get; private set; }

    public ulong OpsPerSecond { get; private set; }

    public bool IsEnabled => BytesPerSecond != 0 || OpsPerSecond != 0;

    /// <summary>Requests waiting for their turn.</summary>
    public int Queued
    {
        get
        {
            lock (_lock)
            {
                return _queue.Count;
            }
        }
    }

    public void Configure(ulong bytesPerSecond, ulong opsPerSecond)
    {
        lock (_lock)
        {
            Leak();
            BytesPerSecond = bytesPerSecond;
            OpsPerSecond = opsPerSecond;
        }

        Drain();
    }

    /// <summary>True: start <paramref name="request"/> now (its cost is counted). False: it was queued and will run later.</summary>
    public bool TryAdmit(IDeferredRequest request, ulong bytes)
    {
        lock (_lock)
        {
            if (!IsEnabled)
            {
                return true;
            }

            Leak();
            if (_queue.Count == 0 && CanStart())
            {
                Charge(bytes);
                return true;
            }

            _queue.Enqueue((request, bytes));
            Schedule();
            return false;
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        lock (_lock)
        {
            _queue.Clear();
        }
    }

    private void Drain()
    {
        while (true)
        {
            IDeferredRequest next;
            lock (_lock)
            {
                _scheduled = false;
                if (_queue.Count == 0)
                {
                    return;
                }

                Leak();
                if (IsEnabled && !CanStart())
                {
                    Schedule();
                    return;
                }

                var (request, bytes) = _queue.Dequeue();
                if (IsEnabled)
                {
                    Charge(bytes);
                }

                next = request;
            }

            next.Run();
        }
    }

    private bool CanStart() =>
        (BytesPerSecond == 0 || _levelBytes < Burst(BytesPerSecond)) && (OpsPerSecond == 0 || _levelOps < Burst(OpsPerSecond));

    private static double Burst(ulong rate) => Math.Max(rate / 10.0, 1.0);

    private void Charge(ulong bytes)
    {
        _levelBytes += bytes;
        _levelOps += 1;
    }

    private void Leak()
    {
        var now = _time.GetTimestamp();
        var seconds = _time.GetElapsedTime(_last, now).TotalSeconds;
        _last = now;
        _levelBytes = Math.Max(0, _levelBytes - seconds * BytesPerSecond);
        _levelOps = Math.Max(0, _levelOps - seconds * OpsPerSecond);
    }

    private void Schedule()
    {
        if (_scheduled)
        {
            return;
        }

        // Long enough for both levels to fall below their bursts.
        double wait = 0;
        if (BytesPerSecond != 0)
        {
            wait = Math.Max(wait, (_levelBytes - Burst(BytesPerSecond) + 1) / BytesPerSecond);
        }

        if (OpsPerSecond != 0)
        {
            wait = Math.Max(wait, (_levelOps - Burst(OpsPerSecond) + 1e-9) / OpsPerSecond);
        }

        _scheduled = true;
        _timer.Change(TimeSpan.FromMilliseconds(Math.Clamp(wait * 1000, 1, 60_000)), Timeout.InfiniteTimeSpan);
    }
}
