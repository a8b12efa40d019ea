using System.Diagnostics;
using System.Security.Cryptography;
using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.Driver;
using Qcrypto.Cryptodev.Wire;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// AES-256-CBC encryption requests of one size kept in flight on one queue of a device: each
/// request laid out once (header, fixed part and IV in one segment, src in one, dst and status in
/// two, as Linux lays them out) and resubmitted as soon as it completes, until the deadline.
/// With one in flight the next request waits for the previous one; a device that completes at once
/// (the builtin) simply loops.
/// </summary>
internal sealed class VhostUserBenchWorkload
{
    private readonly VirtioCryptoDevice _device;
    private readonly int _queue;
    private readonly VirtqueueElement[] _elements;
    private readonly CountdownEvent _drained;
    private long _deadline;
    private long _completed;
    private int _failed;

    public VhostUserBenchWorkload(VirtioCryptoDriver driver, ulong session, int queue, int inFlight, int size)
    {
        _device = driver.Device;
        _queue = queue;
        _drained = new CountdownEvent(inFlight);
        _elements = new VirtqueueElement[inFlight];
        for (var i = 0; i < inFlight; i++)
        {
            byte[] fixedPart = [.. driver.CipherFixedPart(session, encrypt: true, ivLength: 16, size, size), .. RandomNumberGenerator.GetBytes(16)];
            _elements[i] = new VirtqueueElement { Token = this }
                .AddReadable(fixedPart).AddReadable(RandomNumberGenerator.GetBytes(size)).AddWritable(new byte[size]).AddWritable(new byte[1]);
        }
    }

    public long Completed => Interlocked.Read(ref _completed);

    public bool Failed => Volatile.Read(ref _failed) != 0;

    /// <summary>Starts every request; they resubmit themselves until <paramref name="deadline"/> (a Stopwatch timestamp).</summary>
    public void Start(long deadline)
    {
        _deadline = deadline;
        _completed = 0;
        _drained.Reset();
        foreach (var element in _elements)
        {
            Submit(element);
        }
    }

    /// <summary>Waits until every request came back after the deadline.</summary>
    public bool WaitDrained(TimeSpan timeout) => _drained.Wait(timeout);

    /// <summary>Called by the device's completion (another thread) for requests that were pending.</summary>
    public void OnComplete(VirtqueueElement element, RequestResult result)
    {
        Count(result);
        Submit(element);
    }

    private void Submit(VirtqueueElement element)
    {
        // A device that answers at once (the builtin) loops here; one that answers later calls OnComplete.
        while (true)
        {
            if (Stopwatch.GetTimestamp() >= _deadline || Failed)
            {
                _drained.Signal();
                return;
            }

            var result = _device.ProcessData(_queue, element);
            if (result.IsPending)
            {
                return;
            }

            Count(result);
        }
    }

    private void Count(RequestResult result)
    {
        if (result.Status != VirtioCryptoStatus.VIRTIO_CRYPTO_OK)
        {
            Volatile.Write(ref _failed, 1);
        }

        Interlocked.Increment(ref _completed);
    }
}

/// <summary>Routes a device's completions to the workload that submitted the element.</summary>
internal sealed class VhostUserBenchCompletion : IRequestCompletion
{
    public void Complete(int queue, VirtqueueElement element, RequestResult result) => ((VhostUserBenchWorkload)element.Token!).OnComplete(element, result);
}
