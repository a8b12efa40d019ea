using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.VhostUser.Memory;
using Qcrypto.Cryptodev.VhostUser.Protocol;
using Qcrypto.Cryptodev.Wire;

namespace Qcrypto.Cryptodev.VhostUser.Backend;

/// <summary>
/// One front-end connection: its own cryptodev-backend-builtin (sessions, keys in the shared
/// KeyStore), device, memory table and vrings. Messages are handled one at a time on the
/// connection's thread; every vring change stops that vring's worker first. When the front-end
/// goes (closes, is killed, or sends what cannot be framed) everything is released: workers
/// stopped, memory unmapped, descriptors closed, sessions destroyed, the backend object deleted.
/// </summary>
internal sealed partial class BackendConnection : IDisposable
{
    private readonly VhostUserChannel _channel;
    private readonly VhostUserCryptoServer _server;
    private readonly VringConfig[] _vrings;
    private readonly CryptodevBackend _backend;
    private VirtioCryptoDevice _device;
    private GuestMemory _memory = GuestMemory.Empty;
    private ulong _features;
    private VhostUserProtocolFeatures _protocol;
    private bool _owned;
    private int _disposed;

    public BackendConnection(long id, VhostUserChannel channel, VhostUserCryptoServer server, CryptodevBackend backend)
    {
        Id = id;
        _channel = channel;
        _server = server;
        _backend = backend;
        _vrings = [.. Enumerable.Range(0, server.Options.Queues).Select(_ => new VringConfig())];
        _device = new VirtioCryptoDevice(backend);
    }

    public long Id { get; }

    public VhostUserServerStatistics Statistics => _server.Statistics;

    public int SessionCount => _backend.SessionCount;

    public CryptodevBackend Backend => _backend;

    /// <summary>Handles messages until the front-end goes or the server stops.</summary>
    public void Run()
    {
        Report(VhostUserLogLevel.Info, null, "front-end connected");
        while (true)
        {
            if (!_channel.TryReceive(out var message, out var fault))
            {
                if (fault.Code == VhostUserErrorCode.PeerClosed)
                {
                    Report(VhostUserLogLevel.Info, null, "front-end disconnected");
                }
                else
                {
                    Statistics.BadMessage();
                    Report(VhostUserLogLevel.Error, fault.Code, fault.Message + "; closing the connection");
                }

                return;
            }

            Statistics.Message();
            bool keep;
            try
            {
                keep = Handle(message);
            }
#pragma warning disable CA1031 // The thread boundary: nothing a peer sends may end the process.
            catch (Exception e)
#pragma warning restore CA1031
            {
                Statistics.BadMessage();
                Report(VhostUserLogLevel.Error, VhostUserErrorCode.System, $"{message.Header.Request}: internal error ({e.GetType().Name}); closing the connection");
                keep = false;
            }
            finally
            {
                message.CloseFds();
            }

            if (!keep)
            {
                return;
            }
        }
    }

    /// <summary>Unblocks <see cref="Run"/> (server shutdown).</summary>
    public void Shutdown() => _channel.Shutdown();

    public void Report(VhostUserLogLevel level, VhostUserErrorCode? code, string message) =>
        _server.Report(new VhostUserLogEntry(level, Id, code, message));

    /// <summary>Stops every worker (before the memory table, features or device change).</summary>
    private void StopAll()
    {
        foreach (var vring in _vrings)
        {
            vring.StopWorker();
        }
    }

    /// <summary>Starts a vring's worker if it has everything: size, addresses, a kick, and memory.</summary>
    private void TryStart(int index)
    {
        var vring = _vrings[index];
        if (vring.Worker is not null || !vring.Kicked || vring.Num == 0 || vring.Address is not { } address)
        {
            return;
        }

        var eventIdx = (_features & VhostUserFeatures.EventIdx) != 0;
        var ring = Virtqueue.DeviceRing.Create(_memory, (int)vring.Num, address, vring.Base, eventIdx, out var error);
        if (ring is null)
        {
            Statistics.RingFault();
            Report(VhostUserLogLevel.Error, VhostUserErrorCode.BadVringAddress, error!);
            vring.Err?.Signal();
            return;
        }

        vring.Worker = new QueueWorker(index, ring, vring.Kick, vring.Call, vring.Err, _device, this);
        vring.Worker.Start();
    }

    private void RestartStarted()
    {
        for (var i = 0; i < _vrings.Length; i++)
        {
            TryStart(i);
        }
    }

    /// <summary>The virtio-crypto feature bits the front-end acked, as the device takes them.</summary>
    private VirtioCryptoFeatures CryptoFeatures()
    {
        var bits = (VirtioCryptoFeatures)(_features & VhostUserFeatures.CryptoDeviceMask & _server.Options.CryptoFeatures);
        return (bits & VirtioCryptoFeatures.VIRTIO_CRYPTO_F_REVISION_1) == 0 ? VirtioCryptoFeatures.None : bits;
    }

    private void ResetDevice()
    {
        StopAll();
        foreach (var vring in _vrings)
        {
            vring.Dispose();
            vring.Num = 0;
            vring.Address = null;
            vring.Base = 0;
            vring.Kicked = false;
            vring.Enabled = true;
        }

        var sessions = _backend.SessionCount;
        _backend.CloseAllSessions();
        if (sessions > 0)
        {
            Report(VhostUserLogLevel.Info, null, $"{sessions} session(s) closed");
        }

        _features = 0;
        ReplaceDevice();
    }

    private void ReplaceDevice()
    {
        _device.Dispose();
        _device = new VirtioCryptoDevice(_backend, CryptoFeatures());
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        StopAll();
        foreach (var vring in _vrings)
        {
            vring.Dispose();
        }

        _device.Dispose();
        var sessions = _backend.SessionCount;
        _backend.CloseAllSessions();
        _memory.Dispose();
        _memory = GuestMemory.Empty;
        _channel.Dispose();
        Report(VhostUserLogLevel.Info, null, $"connection released ({sessions} session(s) closed, memory unmapped)");
    }
}
