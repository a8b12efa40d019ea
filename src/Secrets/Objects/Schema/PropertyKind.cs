namespace Qcrypto.Objects.Schema;

/// <summary>The QAPI value types an <c>-object</c> property can have, as QEMU 7.2 declares them.</summary>
public enum PropertyKind
{
    String,
    Bool,
    Int32,
    Int64,
    UInt16,
    UInt32,
    UInt64,
    Size,
    Enum,
    /// <summary>A list of uint16 given as repeated options or ranges ("0-3"), e.g. host-nodes.</summary>
    UInt16List,
    /// <summary>
    /// A list of QAPI structs (<see cref="PropertySchema.Members"/>), e.g. authz-list's rules: only the JSON form
    /// can give one; the value's text is the list as canonical JSON.
    /// </summary>
    StructList,
}
