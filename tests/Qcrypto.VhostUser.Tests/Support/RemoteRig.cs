using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.Driver;
using Qcrypto.Cryptodev.Wire;
using Qcrypto.Objects;
using Qcrypto.VhostUser.Tests.Support;

// The cryptodev known-answer tests (linked from Qcrypto.Cryptodev.Tests) run here with this Rig:
// every request goes through our front-end, real virtqueues in shared memory, and the back-end
// daemon in another process.
[assembly: AssemblyFixture(typeof(SharedDaemon))]

namespace Qcrypto.Cryptodev.Tests.Support;

/// <summary>
/// The cryptodev tests' Rig, over vhost-user: a cryptodev-vhost-user (QEMU 8.1's session layout, so
/// every service travels) connected to the shared back-end daemon process, a device and a driver.
/// </summary>
public sealed class Rig : IDisposable
{
    public Rig(string line = "", VirtioCryptoFeatures features = VirtioCryptoFeatures.None, IRequestCompletion? completion = null)
    {
        _ = line;
        Registry = new ObjectRegistry(Qcrypto.Composition.QcryptoCatalog.CreateLive());
        Backend = (CryptodevBackend)Registry.Add($"cryptodev-vhost-user,id=cryptodev0,chardev={SharedDaemon.Instance.SocketPath},session-layout=qemu-8.1");
        Device = new VirtioCryptoDevice(Backend, features, completion);
        Driver = new VirtioCryptoDriver(Device);
    }

    /// <summary>True: requests run in the back-end process.</summary>
    public static bool Remote => true;

    public static VirtioCryptoFeatures All => VirtioCryptoDevice.OfferedFeatures;

    public ObjectRegistry Registry { get; }

    public CryptodevBackend Backend { get; }

    public VirtioCryptoDevice Device { get; }

    public VirtioCryptoDriver Driver { get; }

    public void Dispose()
    {
        Device.Dispose();
        Registry.Dispose();
    }
}
