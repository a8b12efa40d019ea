using Qcrypto.Cryptodev.Builtin;
using Qcrypto.Objects;

namespace Qcrypto.Cryptodev;

/// <summary>Registers the object types Qcrypto.Cryptodev implements over their schema-only entries.</summary>
public static class CryptodevObjectTypes
{
    public static ObjectTypeCatalog AddCryptodev(this ObjectTypeCatalog catalog) => catalog.Register(CryptodevBackendBuiltin.Definition);
}
