using Qcrypto.Composition;
using Qcrypto.Objects;

namespace Qcrypto.Native;

/// <summary>
/// The one place the C API builds its object registry: the composition root's catalog (the same as the
/// CLI's), with a chardev table for rng-egd's chardev= (qcrypto_chardev_add).
/// </summary>
internal static class NativeCatalog
{
    public static ObjectRegistry CreateRegistry() =>
        QcryptoCatalog.CreateRegistry(new ObjectRegistryOptions { Chardevs = new Chardevs.ChardevTable() });
}
