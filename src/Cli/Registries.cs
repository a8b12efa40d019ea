using Qcrypto.Cryptodev;
using Qcrypto.Cryptodev.VhostUser;
using Qcrypto.Cryptodev.VhostUser.Frontend;
using Qcrypto.Objects;
using Qcrypto.Sev;
using Qcrypto.Tls;

namespace Qcrypto.Cli;

/// <summary>The object registry every verb uses: all seed types, with the implemented ones running.</summary>
public static class Registries
{
    public static ObjectRegistry Create(bool allowWorldReadable = false) =>
        new(ObjectTypeCatalog.CreateDefault().AddTls().AddCryptodev().AddSev(), new ObjectRegistryOptions { AllowWorldReadableSecretFiles = allowWorldReadable });

    /// <summary>
    /// A registry whose vhost-user types act on the host (cryptodev-vhost-user connects, memory
    /// backends allocate), with the given -chardev lines created first, as QEMU creates chardevs
    /// before the late objects.
    /// </summary>
    public static ObjectRegistry CreateLive(bool allowWorldReadable, IReadOnlyList<string> chardevs)
    {
        var registry = new ObjectRegistry(ObjectTypeCatalog.CreateDefault().AddTls().AddCryptodev().AddSev().AddVhostUser(),
            new ObjectRegistryOptions { AllowWorldReadableSecretFiles = allowWorldReadable });
        try
        {
            foreach (var line in chardevs)
            {
                ChardevTable.For(registry).Add(line);
            }

            return registry;
        }
        catch
        {
            registry.Dispose();
            throw;
        }
    }
}
