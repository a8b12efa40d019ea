namespace Qcrypto.Objects;

/// <summary>
/// The object types a registry can create, by QOM type name. Each assembly registers its own types
/// (<see cref="SecretsObjectTypes.AddSecrets"/>, Qcrypto.Tls's <c>AddTls</c>, ...); the composition root
/// (Qcrypto.Composition's <c>QcryptoCatalog</c>) builds the catalog with all of them.
/// </summary>
public sealed class ObjectTypeCatalog
{
    private readonly Dictionary<string, ObjectType> _types = new(StringComparer.Ordinal);

    public IEnumerable<ObjectType> Types => _types.Values.OrderBy(t => t.Name, StringComparer.Ordinal);

    /// <summary>Adds <paramref name="type"/>, replacing a type of the same name.</summary>
    public ObjectTypeCatalog Register(ObjectType type)
    {
        _types[type.Name] = type;
        return this;
    }

    public ObjectType? Find(string name) => _types.GetValueOrDefault(name);
}
