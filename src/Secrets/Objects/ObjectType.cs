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

    /// <summary>
    /// False for QEMU types qcrypto does not model: their options are checked as QEMU checks them, what QEMU
    /// does when it creates them is not (see <see cref="Schema.QemuOnlySchemas"/>).
    /// </summary>
    public bool IsModelled { get; init; } = true;

    /// <summary>
    /// True for a name QEMU 7.2's -object parser accepts but its build has no class for: creating one fails
    /// with "invalid object type: NAME".
    /// </summary>
    public bool QemuHasNoClass { get; init; }

    /// <summary>
    /// True for qcrypto's own types that QEMU does not have (secret-pkcs11): QEMU refuses their lines
    /// (<c>Parameter 'qom-type' does not accept value</c>), so comparisons with QEMU leave them out.
    /// </summary>
    public bool IsBeyondQemu { get; init; }

    /// <summary>When QEMU 7.2 creates objects of this type (see <see cref="QemuObjectTypes.StageOf"/>).</summary>
    public CreationStage Stage => QemuObjectTypes.StageOf(Name);

    internal UserCreatable Create(string id) => _factory(this, id);

    /// <summary>A type that validates its properties and checks but runs nothing.</summary>
    public static ObjectType SchemaOnly(ObjectTypeSchema schema) =>
        new(schema, (type, id) => new GenericObject(type, id)) { IsSchemaOnly = true };

    /// <summary>A QEMU type qcrypto does not model: options checked, creation only noted.</summary>
    public static ObjectType NotModelled(ObjectTypeSchema schema) =>
        new(schema, (type, id) => new GenericObject(type, id)) { IsSchemaOnly = true, IsModelled = false };

    /// <summary>A name QEMU 7.2 parses but cannot create ("invalid object type").</summary>
    public static ObjectType WithoutClass(ObjectTypeSchema schema) =>
        new(schema, (type, id) => new GenericObject(type, id)) { IsSchemaOnly = true, IsModelled = false, QemuHasNoClass = true };
}
