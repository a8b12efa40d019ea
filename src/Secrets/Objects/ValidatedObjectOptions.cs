using Qcrypto.Objects.Schema;

namespace Qcrypto.Objects;

/// <summary>An <c>-object</c> line that passed type checking: its type, id and typed values in line order.</summary>
public sealed record ValidatedObjectOptions(
    ObjectType Type,
    string Id,
    IReadOnlyList<(PropertySchema Property, PropertyValue Value)> Values,
    IReadOnlyList<string> Warnings);
