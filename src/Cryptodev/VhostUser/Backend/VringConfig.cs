using Qcrypto.Cryptodev.Interop;
using Qcrypto.Cryptodev.VhostUser.Protocol;

namespace Qcrypto.Cryptodev.VhostUser.Backend;

/// <summary>What the front-end set up for one vring, and its worker while it runs.</summary>
internal sealed class VringConfig : IDisposable
{
    public uint Num { get; set; }

    public VringAddress? Address { get; set; }

    public ushort Base { get; set; }

    public EventFd? Kick { get; private set; }

    /// <summary>SET_VRING_KICK came (with a descriptor, or with the no-fd flag: polling).</summary>
    public bool Kicked { get; set; }

    public EventFd? Call { get; private set; }

    public EventFd? Err { get; private set; }

    /// <summary>SET_VRING_ENABLE's last word (processing goes on either way; see the README).</summary>
    public bool Enabled { get; set; } = true;

    public QueueWorker? Worker { get; set; }

    public void SetKick(EventFd? fd)
    {
        Kick?.Dispose();
        Kick = fd;
    }

    public void SetCall(EventFd? fd)
    {
        Call?.Dispose();
        Call = fd;
    }

    public void SetErr(EventFd? fd)
    {
        Err?.Dispose();
        Err = fd;
    }

    /// <summary>Stops the worker; the ring's position is kept as the base to resume from.</summary>
    public void StopWorker()
    {
        if (Worker is { } worker)
        {
            worker.Dispose();
            Base = worker.LastAvail;
            Worker = null;
        }
    }

    public void Dispose()
    {
        StopWorker();
        SetKick(null);
        SetCall(null);
        SetErr(null);
    }
}
