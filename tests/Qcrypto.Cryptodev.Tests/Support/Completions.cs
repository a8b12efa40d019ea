using Qcrypto.Cryptodev.Device;

namespace Qcrypto.Cryptodev.Tests.Support;

/// <summary>Records the requests a device completes later (throttled, or sent to a vhost-user back-end), in order.</summary>
public sealed class Completions : IRequestCompletion
{
    private readonly List<(VirtqueueElement Element, RequestResult Result)> _results = [];
    private readonly SemaphoreSlim _signal = new(0);

    public IReadOnlyList<(VirtqueueElement Element, RequestResult Result)> Results
    {
        get
        {
            lock (_results)
            {
                return [.. _results];
            }
        }
    }

    public void Complete(int queue, VirtqueueElement element, RequestResult result)
    {
        lock (_results)
        {
            _results.Add((element, result));
        }

        _signal.Release();
    }

    /// <summary>Waits for <paramref name="count"/> more completions. A hang guard (2 minutes each), not a timing assertion.</summary>
    public bool WaitFor(int count)
    {
        for (var i = 0; i < count; i++)
        {
            if (!_signal.Wait(TimeSpan.FromMinutes(2)))
            {
                return false;
            }
        }

        return true;
    }
}
