using Qcrypto.Objects.Schema;
using Qcrypto.SecretObjects;

namespace Qcrypto.Objects;

/// <summary>
/// The object types a registry can create, by QOM type name. <see cref="CreateDefault"/> knows every
/// seed type (validation only) with <c>secret</c> and <c>secret_keyring</c> implemented, and every other
/// type name QEMU 7.2 accepts (options checked, not modelled); other assemblies register their
/// implementations over the schema-only entries (e.g. Qcrypto.Tls).
/// </summary>
public sealed class ObjectTypeCatalog
{
    private readonly Dictionary<string, ObjectType> _types = new(StringComparer.Ordinal);

    public IEnumerable<ObjectType> Types => _types.Values.OrderBy(t => t.Name, StringComparer.Ordinal);

    public static ObjectTypeCatalog CreateDefault()
    {
        var catalog = new ObjectTypeCatalog();
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

        catalog.Register(Secret.Definition);
        catalog.Register(SecretKeyring.Definition);
        catalog.Register(Rng.RngBuiltin.Definition);
        catalog.Register(Rng.RngRandom.Definition);
        catalog.Register(Rng.RngEgd.Definition);
        return catalog;
    }

    /// <summary>Adds <paramref name="type"/>, replacing a type of the same name.</summary>
    public ObjectTypeCatalog Register(ObjectType type)
    {
        _types[type.Name] = type;
        return this;
    }

    public ObjectType? Find(string name) => _types.GetValueOrDefault(name);
}
