namespace Qcrypto.Objects.Schema;

/// <summary>
/// One property of an object type: its QAPI name and type, whether it is mandatory, and what a user
/// needs to know to set it. <see cref="IsSensitive"/> marks values that may be key material, which are
/// redacted when objects are printed.
/// </summary>
public sealed record PropertySchema(string Name, PropertyKind Kind, string Description)
{
    /// <summary>Mandatory in QEMU's schema: a line without it fails with "Parameter 'x' is missing".</summary>
    public bool Required { get; init; }

    /// <summary>Accepted values of an enum, in QAPI order.</summary>
    public IReadOnlyList<string> EnumValues { get; init; } = [];

    /// <summary>QAPI enum type name shown by help (e.g. QCryptoSecretFormat).</summary>
    public string? EnumTypeName { get; init; }

    /// <summary>Default shown to users, or null when QEMU documents none.</summary>
    public string? Default { get; init; }

    /// <summary>May hold key material; printed as &lt;redacted&gt; unless asked otherwise.</summary>
    public bool IsSensitive { get; init; }

    /// <summary>Exists in QEMU's schema but its setter refuses every value ("is not writable").</summary>
    public bool IsReadOnly { get; init; }

    /// <summary>
    /// A member of a nested QAPI struct (the struct member's name): QEMU's options visitor reads nested
    /// members as top-level options, and only when an option named like the struct is given.
    /// </summary>
    public string? Within { get; init; }

    /// <summary>
    /// A nested QAPI struct itself (see <see cref="Within"/>): the options visitor checks that an option of
    /// that name exists but never consumes it, so giving it always ends in "Invalid parameter".
    /// </summary>
    public bool IsStruct { get; init; }

    /// <summary>
    /// A QOM link to an object of this type (prealloc-context, colo-compare's iothread): QEMU resolves the
    /// id when the property is set, so a missing or wrong object fails at set time.
    /// </summary>
    public string? LinkTo { get; init; }

    /// <summary>The members of each element of a <see cref="PropertyKind.StructList"/>, in QAPI order.</summary>
    public IReadOnlyList<PropertySchema> Members { get; init; } = [];

    /// <summary>Listed by help (QEMU hides read-only and deprecated properties).</summary>
    public bool ShownInHelp => !IsReadOnly && !IsStruct;

    /// <summary>The type as QEMU's help prints it (<c>data=&lt;string&gt;</c>).</summary>
    public string HelpType => Kind switch
    {
        PropertyKind.String => "string",
        PropertyKind.Bool => "bool",
        PropertyKind.Int32 => "int32_t",
        PropertyKind.Int64 => "int64_t",
        PropertyKind.UInt16 => "uint16_t",
        PropertyKind.UInt32 => "uint32_t",
        PropertyKind.UInt64 => "uint64_t",
        PropertyKind.Size => "size",
        PropertyKind.Enum => EnumTypeName ?? "enum",
        PropertyKind.UInt16List => "uint16_t list",
        PropertyKind.StructList => EnumTypeName ?? "list",
        _ => "value",
    };

    public static PropertySchema Str(string name, string description) => new(name, PropertyKind.String, description);

    public static PropertySchema Bool(string name, string description) => new(name, PropertyKind.Bool, description);

    public static PropertySchema Of(PropertyKind kind, string name, string description) => new(name, kind, description);

    public static PropertySchema Enum(string name, string typeName, string description, params string[] values) =>
        new(name, PropertyKind.Enum, description) { EnumValues = values, EnumTypeName = typeName };

    /// <summary>A list of structs (JSON form only); <paramref name="typeName"/> is the QOM type help shows.</summary>
    public static PropertySchema StructList(string name, string typeName, string description, params PropertySchema[] members) =>
        new(name, PropertyKind.StructList, description) { EnumTypeName = typeName, Members = members };

    /// <summary>QOM's deprecated read-only <c>loaded</c> of secrets and TLS credentials: setting it fails in QEMU 7.2.</summary>
    public static PropertySchema Loaded(string type) =>
        Bool("loaded", $"deprecated and read-only in QEMU 7.2: setting it fails ('{type}.loaded' is not writable)") with { IsReadOnly = true };
}
