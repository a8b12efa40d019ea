using Qcrypto.Cryptodev;
using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.Driver;
using Qcrypto.Cryptodev.VhostUser;
using Qcrypto.Cryptodev.VhostUser.Backend;
using Qcrypto.Cryptodev.VhostUser.Frontend;
using Qcrypto.Cryptodev.Wire;
using Qcrypto.Objects;

namespace Qcrypto.VhostUser.Tests.Support;

/// <summary>
/// Our back-end server on a fresh socket (in this process, its own registry) and, optionally, our
/// front-end connected to it with a device and a driver on top: the two ends of vhost-user crypto.
/// </summary>
public sealed class VhostUserRig : IDisposable
{
    private readonly List<VhostUserLogEntry> _log = [];

    public VhostUserRig(int queues = 1, string frontendOptions = "", VirtioCryptoFeatures features = VirtioCryptoFeatures.None, bool frontend = true,
        IRequestCompletion? completion = null, IReadOnlyList<KeyValuePair<string, string>>? backendProperties = null)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("qcrypto-vu-");
        SocketPath = Path.Combine(Directory.FullName, "vu.sock");
        ServerRegistry = new ObjectRegistry(Qcrypto.Composition.QcryptoCatalog.Create());
        Server = VhostUserCryptoServer.Start(new VhostUserServerOptions
        {
            SocketPath = SocketPath,
            Queues = queues,
            Registry = ServerRegistry,
            BackendProperties = backendProperties ?? [],
            Log = e =>
            {
                lock (_log)
                {
                    _log.Add(e);
                }
            },
        });
        if (frontend)
        {
            Registry = new ObjectRegistry(Qcrypto.Composition.QcryptoCatalog.CreateLive());
            Backend = (CryptodevVhostUser)Registry.Add($"cryptodev-vhost-user,id=cd0,chardev={SocketPath},queues={queues}{frontendOptions}");
            Device = new VirtioCryptoDevice(Backend, features, completion);
            Driver = new VirtioCryptoDriver(Device);
        }
    }

    public DirectoryInfo Directory { get; }

    public string SocketPath { get; }

    public ObjectRegistry ServerRegistry { get; }

    public VhostUserCryptoServer Server { get; }

    public ObjectRegistry? Registry { get; }

    public CryptodevVhostUser? Backend { get; }

    public VirtioCryptoDevice? Device { get; }

    public VirtioCryptoDriver? Driver { get; }

    public IReadOnlyList<VhostUserLogEntry> Log
    {
        get
        {
            lock (_log)
            {
                return [.. _log];
            }
        }
    }

    /// <summary>Waits until the server logged an entry matching <paramref name="match"/>.</summary>
    public bool WaitForLog(Func<VhostUserLogEntry, bool> match, int timeoutMs = 30000)
    {
        var until = Environment.TickCount64 + timeoutMs;
        while (Environment.TickCount64 < until)
        {
            if (Log.Any(match))
            {
                return true;
            }

            Thread.Sleep(10);
        }

        return false;
    }

    public void Dispose()
    {
        Device?.Dispose();
        Registry?.Dispose();
        Server.Dispose();
        ServerRegistry.Dispose();
        Directory.Delete(recursive: true);
    }
}
