using Qcrypto.Objects;

namespace Qcrypto.Pkcs11;

/// <summary>Registers qcrypto's PKCS#11 object type, <c>secret-pkcs11</c> (beyond QEMU).</summary>
public static class Pkcs11ObjectTypes
{
    /// <summary>Adds <c>secret-pkcs11</c> to <paramref name="catalog"/>.</summary>
    public static ObjectTypeCatalog AddPkcs11(this ObjectTypeCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        return catalog.Register(SecretPkcs11.Definition);
    }
}
