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

    /// <summary>
    /// False for a type whose QAPI options we do not describe (a union we do not model): any option is
    /// taken as given and nothing is refused before creation.
    /// </summary>
    public bool ChecksOptions { get; init; } = true;

    public PropertySchema? Find(string name) => _byName.GetValueOrDefault(name);
}

/// <summary>A setter check: returns QEMU's message when <see cref="PropertyValue"/> is refused, else null.</summary>
public sealed record PropertyCheck(string Property, Func<PropertyValue, string?> Check)
{
    /// <summary>Refuses 0 with QEMU's "requires a positive value" (filter-buffer interval, colo-compare's timers).</summary>
    public static PropertyCheck Positive(string type, string property) =>
        new(property, v => v.Number == 0 ? $"Property '{type}.{property}' requires a positive value" : null);

    /// <summary>Refuses 0 with QEMU's message for uint properties that must be positive.</summary>
    public static PropertyCheck NotZero(string type, string property) =>
        new(property, v => v.Number == 0 ? $"Property '{type}.{property}' doesn't take value '0'" : null);
}

/// <summary>
/// A completion check over all values set (and, for checks that look other objects up, the registry the
/// object completes in); returns the property blamed and QEMU's message, or null.
/// </summary>
public sealed class CompletionCheck
{
    private readonly Func<IReadOnlyDictionary<string, PropertyValue>, ObjectRegistry?, (string? Property, string Message)?> _check;

    public CompletionCheck(Func<IReadOnlyDictionary<string, PropertyValue>, (string? Property, string Message)?> check) => _check = (v, _) => check(v);

    public CompletionCheck(Func<IReadOnlyDictionary<string, PropertyValue>, ObjectRegistry?, (string? Property, string Message)?> check) => _check = check;

    /// <summary>Runs the check without a registry (lookups of other objects are skipped).</summary>
    public (string? Property, string Message)? Check(IReadOnlyDictionary<string, PropertyValue> values) => _check(values, null);

    public (string? Property, string Message)? Check(IReadOnlyDictionary<string, PropertyValue> values, ObjectRegistry? registry) => _check(values, registry);
}
