using Qcrypto.Objects.Schema;
using Qcrypto.Rng;
using Qcrypto.SecretObjects;

namespace Qcrypto.Objects;

/// <summary>
/// Registers the object types Qcrypto.Secrets owns: <c>secret</c>, <c>secret_keyring</c> and the
/// random number generators (<c>rng-builtin</c>, <c>rng-random</c>, <c>rng-egd</c>), the seed
/// types no assembly implements (validated, not run), and every other type name QEMU 7.2 accepts
/// (options checked, not modelled).
/// </summary>
public static class SecretsObjectTypes
{
    /// <summary>Adds the types of Qcrypto.Secrets to <paramref name="catalog"/>.</summary>
    public static ObjectTypeCatalog AddSecrets(this ObjectTypeCatalog catalog)
    {
        foreach (var schema in SeedSchemas.All)
        {
            catalog.Register(ObjectType.SchemaOnly(schema));
        }

        foreach (var schema in QemuOnlySchemas.WithClass)
        {
            catalog.Register(ObjectType.NotModelled(schema));
        }

        foreach (var schema in QemuOnlySchemas.WithoutClass)
        {
            catalog.Register(ObjectType.WithoutClass(schema));
        }

        return catalog
            .Register(Secret.Definition)
            .Register(SecretKeyring.Definition)
            .Register(RngBuiltin.Definition)
            .Register(RngRandom.Definition)
            .Register(RngEgd.Definition);
    }
}
