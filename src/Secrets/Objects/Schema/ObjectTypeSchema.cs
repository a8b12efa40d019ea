namespace Qcrypto.Objects.Schema;

/// <summary>
/// What QEMU 7.2 accepts for one <c>-object</c> type: its properties in QAPI member order (base type
/// first, which is the order QEMU checks them in), plus the checks QEMU makes when a property is set
/// or the object completed, for types this library validates but does not run.
/// </summary>
public sealed class ObjectTypeSchema
{
    private readonly Dictionary<string, PropertySchema> _byName;

    public ObjectTypeSchema(string name, string description, IReadOnlyList<PropertySchema> properties)
    {
        Name = name;
        Description = description;
        Properties = properties;
        _byName = properties.ToDictionary(p => p.Name, StringComparer.Ordinal);
    }

    public string Name { get; }

    public string Description { get; }

    public IReadOnlyList<PropertySchema> Properties { get; }

    /// <summary>Checks QEMU's property setters make (run as each property is set).</summary>
    public IReadOnlyList<PropertyCheck> SetterChecks { get; init; } = [];

    /// <summary>Checks QEMU makes when the object is completed (all properties set).</summary>
    public IReadOnlyList<CompletionCheck> CompletionChecks { get; init; } = [];

    public PropertySchema? Find(string name) => _byName.GetValueOrDefault(name);
}

/// <summary>A setter check: returns QEMU's message when <see cref="PropertyValue"/> is refused, else null.</summary>
public sealed record PropertyCheck(string Property, Func<PropertyValue, string?> Check);

/// <summary>A completion check over all values set; returns the property blamed and QEMU's message, or null.</summary>
public sealed record CompletionCheck(Func<IReadOnlyDictionary<string, PropertyValue>, (string? Property, string Message)?> Check);
