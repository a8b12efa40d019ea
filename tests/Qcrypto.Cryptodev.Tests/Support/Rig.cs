using Qcrypto.Composition;
using Qcrypto.Cryptodev.Builtin;
using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.Driver;
using Qcrypto.Cryptodev.Wire;
using Qcrypto.Objects;

namespace Qcrypto.Cryptodev.Tests.Support;

/// <summary>
/// A registry holding one cryptodev-backend-builtin made from its -object line, a device on it with
/// the given features, and a driver: what an emulator and its guest would have.
/// </summary>
public sealed class Rig : IDisposable
{
    public Rig(string line = "cryptodev-backend-builtin,id=cryptodev0", VirtioCryptoFeatures features = VirtioCryptoFeatures.None, IRequestCompletion? completion = null)
    {
        Registry = QcryptoCatalog.CreateRegistry();
        Backend = (CryptodevBackendBuiltin)Registry.Add(line);
        Device = new VirtioCryptoDevice(Backend, features, completion);
        Driver = new VirtioCryptoDriver(Device);
    }

    public ObjectRegistry Registry { get; }

    internal CryptodevBackendBuiltin Backend { get; }

    public VirtioCryptoDevice Device { get; }

    public VirtioCryptoDriver Driver { get; }

    /// <summary>False: requests run in this process (the vhost-user tests' Rig runs them in a back-end process).</summary>
    public static bool Remote => false;

    /// <summary>Every feature: REVISION_1 and all stateless modes.</summary>
    public static VirtioCryptoFeatures All => VirtioCryptoDevice.OfferedFeatures;

    public void Dispose()
    {
        Device.Dispose();
        Registry.Dispose();
    }
}
