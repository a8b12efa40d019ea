using Microsoft.Extensions.Logging;
using Qcrypto.Chardevs;
using Qcrypto.Cryptodev;
using Qcrypto.Cryptodev.VhostUser;
using Qcrypto.Cryptodev.VhostUser.Frontend;
using Qcrypto.Objects;
using Qcrypto.Pkcs11;
using Qcrypto.Sev;
using Qcrypto.Tls;

namespace Qcrypto.Composition;

/// <summary>
/// The composition root: the one place that knows every assembly implementing object types and builds
/// the catalog from them. Each assembly registers its own types (schema, parser, validator and
/// implementation side by side); this class only lists the assemblies. A new assembly adds one line
/// here, and every host (the <c>qcrypto</c> CLI, the C ABI in libqcrypto.so) sees its types.
/// </summary>
public static class QcryptoCatalog
{
    /// <summary>
    /// A fresh catalog with every object type qcrypto knows: the implemented ones and the schema-only
    /// ones. The vhost-user types that act on the host when created (cryptodev-vhost-user connects,
    /// memory backends map memory) stay schema-only here: see <see cref="CreateLive"/>.
    /// </summary>
    public static ObjectTypeCatalog Create() => new ObjectTypeCatalog()
        .AddSecrets()
        .AddPkcs11()
        .AddTls()
        .AddCryptodev()
        .AddSev();

    /// <summary><see cref="Create"/> with the vhost-user types running for real.</summary>
    public static ObjectTypeCatalog CreateLive() => Create().AddVhostUser();

    /// <summary>A fresh object registry (QEMU's /objects) over <see cref="Create"/>.</summary>
    public static ObjectRegistry CreateRegistry(ObjectRegistryOptions? options = null, ILogger? logger = null) =>
        new(Create(), options, logger);

    /// <summary>
    /// A registry over <see cref="CreateLive"/> with the given <c>-chardev</c> lines created first, as
    /// QEMU creates chardevs before the late objects (a cryptodev-vhost-user finds its chardev= there).
    /// </summary>
    public static ObjectRegistry CreateLiveRegistry(IReadOnlyList<string> chardevs, ObjectRegistryOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(chardevs);
        var table = options?.Chardevs ?? new ChardevTable();
        var registry = new ObjectRegistry(CreateLive(), (options ?? new ObjectRegistryOptions()) with { Chardevs = table }, logger);
        try
        {
            foreach (var line in chardevs)
            {
                table.Add(line);
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
