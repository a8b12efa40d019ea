using Microsoft.Extensions.Logging;
using Qcrypto.Cryptodev;
using Qcrypto.Objects;
using Qcrypto.Tls;

namespace Qcrypto.Composition;

/// <summary>
/// The composition root: the one place that knows every assembly implementing object types and builds
/// the catalog from them. Each assembly registers its own types (schema, parser, validator and
/// implementation side by side); this class only lists the assemblies. A new assembly (Qcrypto.Sev, ...)
/// adds one line here, and every host (the <c>qcrypto</c> CLI, the C ABI) sees its types.
/// </summary>
public static class QcryptoCatalog
{
    /// <summary>A fresh catalog with every object type qcrypto knows: the implemented ones and the schema-only ones.</summary>
    public static ObjectTypeCatalog Create() => new ObjectTypeCatalog()
        .AddSecrets()
        .AddTls()
        .AddCryptodev();

    /// <summary>A fresh object registry (QEMU's /objects) over <see cref="Create"/>.</summary>
    public static ObjectRegistry CreateRegistry(ObjectRegistryOptions? options = null, ILogger? logger = null) =>
        new(Create(), options, logger);
}
