using Qcrypto.Objects.Schema;

namespace Qcrypto.Objects;

/// <summary>An object type: its schema and how to make an instance of it.</summary>
public sealed class ObjectType
{
    private readonly Func<ObjectType, string, UserCreatable> _factory;

    public ObjectType(ObjectTypeSchema schema, Func<ObjectType, string, UserCreatable> factory)
    {
        Schema = schema;
        _factory = factory;
    }

    public string Name => Schema.Name;

    public ObjectTypeSchema Schema { get; }

    /// <summary>True for types this library only validates (their objects hold the values and do nothing).</summary>
    public bool IsSchemaOnly { get; init; }

    internal UserCreatable Create(string id) => _factory(this, id);

    /// <summary>A type that validates its properties and checks but runs nothing.</summary>
    public static ObjectType SchemaOnly(ObjectTypeSchema schema) =>
        new(schema, (type, id) => new GenericObject(type, id)) { IsSchemaOnly = true };
}
