using System.Globalization;

namespace Qcrypto.Objects.Schema;

/// <summary>
/// A property value after QEMU's parsing: the typed value plus the text it came from. Integers of every
/// width are held as <see cref="Int128"/> so that int64 and uint64 share one representation.
/// </summary>
public readonly record struct PropertyValue(PropertyKind Kind, string Text, Int128 Number, bool Flag, IReadOnlyList<ushort>? List)
{
    public static PropertyValue OfString(string text) => new(PropertyKind.String, text, 0, false, null);

    public static PropertyValue OfEnum(string text) => new(PropertyKind.Enum, text, 0, false, null);

    public static PropertyValue OfBool(bool value, string text) => new(PropertyKind.Bool, text, 0, value, null);

    public static PropertyValue OfNumber(PropertyKind kind, Int128 value, string text) => new(kind, text, value, false, null);

    public static PropertyValue OfList(IReadOnlyList<ushort> values, string text) => new(PropertyKind.UInt16List, text, 0, false, values);

    /// <summary>A list of structs given in JSON (authz-list's rules), held as canonical JSON text.</summary>
    public static PropertyValue OfStructList(string json) => new(PropertyKind.StructList, json, 0, false, null);

    public long AsInt64 => (long)Number;

    public ulong AsUInt64 => (ulong)Number;

    public uint AsUInt32 => (uint)Number;

    public int AsInt32 => (int)Number;

    /// <summary>The value as a canonical <c>-object</c> line writes it (before comma escaping).</summary>
    public string Canonical => Kind switch
    {
        PropertyKind.Bool => Flag ? "on" : "off",
        PropertyKind.Size => SizeParser.Format((ulong)Number),
        PropertyKind.String or PropertyKind.Enum or PropertyKind.StructList => Text,
        PropertyKind.UInt16List => string.Join(",", List!.Select(v => v.ToString(CultureInfo.InvariantCulture))),
        _ => Number.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Same type and same meaning, whatever the spelling (e.g. "yes" and "on").</summary>
    public bool SameAs(PropertyValue other) => Kind == other.Kind && Canonical == other.Canonical;
}
