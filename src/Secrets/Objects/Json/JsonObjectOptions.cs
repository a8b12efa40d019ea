using System.Globalization;
using System.Text;
using System.Text.Json;
using Qcrypto.Errors;
using Qcrypto.Objects.Schema;

namespace Qcrypto.Objects.Json;

/// <summary>
/// The JSON form of an <c>-object</c> argument, as QEMU 7.2 reads it (softmmu/vl.c object_option_parse): an
/// argument whose first character is '{' is parsed with qobject_from_json and visited against the QAPI
/// ObjectOptions union by the strict QObject input visitor. Unlike the dotted form, values are typed
/// (a number given as a string is refused, and the reverse), unknown members are "unexpected", a repeated
/// key is a JSON error, and lists of structs can be given (authz-list's rules). The same entry serves QMP's
/// object-add, whose arguments QEMU visits the same way.
/// </summary>
public static class JsonObjectOptions
{
    /// <summary>True when QEMU reads <paramref name="argument"/> as JSON: its first character is '{' (no blanks before).</summary>
    public static bool IsJson(string argument) => argument.Length > 0 && argument[0] == '{';

    /// <summary>Parses and visits one JSON <c>-object</c> argument; throws a <see cref="QcryptoException"/> with QEMU's message.</summary>
    public static ValidatedObjectOptions Validate(string json, ObjectTypeCatalog catalog)
    {
        var value = QemuJson.Parse(json, SensitiveNames(catalog));
        return Validate(value, catalog);
    }

    /// <summary>Visits JSON already parsed (e.g. QMP object-add's arguments).</summary>
    public static ValidatedObjectOptions Validate(JsonElement arguments, ObjectTypeCatalog catalog) =>
        Validate(QemuJson.FromElement(arguments), catalog);

    /// <summary>Visits a parsed value against ObjectOptions, in QEMU's order: qom-type, id, the type's members, unexpected keys.</summary>
    public static ValidatedObjectOptions Validate(QObject value, ObjectTypeCatalog catalog)
    {
        var v = new QObjectInputVisitor(value, null);
        var dict = value as QDict;
        v.ObjectId = dict?["id"] is QString { Value: var known } ? known : null;
        v.StartStruct(null, "qom-type");
        var typeName = v.String("qom-type", "qom-type");
        var type = catalog.Find(typeName) ?? throw new ObjectOptionException(ErrorCodes.UnknownType,
            $"Parameter 'qom-type' does not accept value '{typeName}'", v.ObjectId, "qom-type", ObjectOptionsValidator.UnknownTypeHint(typeName, catalog));
        var id = v.String("id", "id");

        var values = new List<(PropertySchema Property, PropertyValue Value, int Order)>();
        var order = dict!.Members.Select((m, i) => (m.Key, i)).ToDictionary(m => m.Key, m => m.i, StringComparer.Ordinal);
        foreach (var property in type.Schema.Properties)
        {
            if (property.Within is not null || v.TryGet(property.Name, consume: false) is null)
            {
                if (property.Required && property.Within is null)
                {
                    v.Get(property.Name, property.Name);
                }

                continue;
            }

            if (property.IsStruct)
            {
                Nested(v, type, property, values, order[property.Name]);
                continue;
            }

            values.Add((property, Member(v, property.Name, property), order[property.Name] * 1024));
        }

        if (type.Schema.ChecksOptions && v.FirstUnvisited() is { } unexpected)
        {
            throw v.Error(ErrorCodes.InvalidParameter, v.UnexpectedMessage(unexpected), unexpected,
                NameSuggester.Hint(unexpected, type.Schema.Properties.Where(p => !p.IsStruct && p.Within is null).Select(p => p.Name))
                    ?? $"{type.Name} takes: {string.Join(", ", type.Schema.Properties.Where(p => p.ShownInHelp).Select(p => p.Name))}");
        }

        return new ValidatedObjectOptions(type, id, [.. values.OrderBy(x => x.Order).Select(x => (x.Property, x.Value))], []);
    }

    /// <summary>The "qom-type" and "id" strings of a JSON argument, where it parses (to label a refused line).</summary>
    internal static (string? Type, string? Id) TypeAndId(string json)
    {
        try
        {
            var dict = QemuJson.Parse(json) as QDict;
            return ((dict?["qom-type"] as QString)?.Value, (dict?["id"] as QString)?.Value);
        }
        catch (QemuJsonException)
        {
            return (null, null);
        }
    }

    /// <summary>The names of properties that may hold secrets in any type of the catalog.</summary>
    internal static Func<string, bool> SensitiveNames(ObjectTypeCatalog catalog)
    {
        var names = catalog.Types.SelectMany(t => t.Schema.Properties).Where(p => p.IsSensitive).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
        return names.Contains;
    }

    /// <summary>A nested struct (throttle-group's limits): its members are stored as the type's own, as the dotted form gives them.</summary>
    private static void Nested(QObjectInputVisitor v, ObjectType type, PropertySchema property, List<(PropertySchema, PropertyValue, int)> values, int position)
    {
        var inner = (QDict)v.TryGet(property.Name, consume: false)!;
        v.StartStruct(property.Name, property.Name);
        var innerOrder = inner.Members.Select((m, i) => (m.Key, i)).ToDictionary(m => m.Key, m => m.i, StringComparer.Ordinal);
        foreach (var member in type.Schema.Properties.Where(p => p.Within == property.Name))
        {
            if (v.TryGet(member.Name, consume: false) is not null)
            {
                values.Add((member, Member(v, member.Name, member), (position * 1024) + innerOrder[member.Name] + 1));
            }
        }

        if (v.FirstUnvisited() is { } unexpected)
        {
            throw v.Error(ErrorCodes.InvalidParameter, v.UnexpectedMessage(unexpected), property.Name);
        }

        v.Pop();
    }

    /// <summary>One member by its QAPI type (visit_type_*), with QEMU's messages.</summary>
    private static PropertyValue Member(QObjectInputVisitor v, string? name, PropertySchema property)
    {
        var bare = name ?? "null";
        switch (property.Kind)
        {
            case PropertyKind.String:
                return PropertyValue.OfString(v.String(name, property.Name));
            case PropertyKind.Enum:
                var text = v.String(name, property.Name);
                return property.EnumValues.Contains(text, StringComparer.Ordinal) ? PropertyValue.OfEnum(text)
                    : throw v.Error(ErrorCodes.InvalidParameterValue, $"Parameter '{bare}' does not accept value '{text}'", property.Name,
                        $"{property.Name} takes one of: {string.Join(", ", property.EnumValues)}");
            case PropertyKind.Bool:
                var flag = v.Bool(name!, property.Name);
                return PropertyValue.OfBool(flag, flag ? "on" : "off");
            case PropertyKind.Int64:
            case PropertyKind.Int32:
                var signed = v.Int64(name!, property.Name);
                if (property.Kind == PropertyKind.Int32 && signed is < int.MinValue or > int.MaxValue)
                {
                    throw v.Error(ErrorCodes.InvalidParameterValue, $"Parameter '{bare}' expects int32_t", property.Name, "the value must fit in 32 signed bits");
                }

                return PropertyValue.OfNumber(property.Kind, signed, signed.ToString(CultureInfo.InvariantCulture));
            case PropertyKind.UInt16:
            case PropertyKind.UInt32:
            case PropertyKind.UInt64:
            case PropertyKind.Size:
                var unsigned = v.UInt64(name, property.Name);
                var (max, cName) = property.Kind switch
                {
                    PropertyKind.UInt16 => ((ulong)ushort.MaxValue, "uint16_t"),
                    PropertyKind.UInt32 => (uint.MaxValue, "uint32_t"),
                    _ => (ulong.MaxValue, "uint64_t"),
                };
                return unsigned <= max ? PropertyValue.OfNumber(property.Kind, unsigned, unsigned.ToString(CultureInfo.InvariantCulture))
                    : throw v.Error(ErrorCodes.InvalidParameterValue, $"Parameter '{bare}' expects {cName}", property.Name, $"the largest value is {max}");
            case PropertyKind.UInt16List:
                var list = v.StartList(name!, property.Name);
                var numbers = new List<ushort>();
                var element = property with { Kind = PropertyKind.UInt16 };
                for (var i = 0; i < list.Items.Count; i++)
                {
                    numbers.Add((ushort)Member(v, null, element).Number);
                }

                v.Pop();
                return PropertyValue.OfList(numbers, string.Join(",", numbers));
            case PropertyKind.StructList:
                return StructList(v, name!, property);
            default:
                throw new InvalidOperationException($"unhandled kind {property.Kind}");
        }
    }

    /// <summary>A list of structs: each element a dict visited member by member, then checked for unexpected keys.</summary>
    private static PropertyValue StructList(QObjectInputVisitor v, string name, PropertySchema property)
    {
        var list = v.StartList(name, property.Name);
        var canonical = new StringBuilder("[");
        for (var i = 0; i < list.Items.Count; i++)
        {
            v.StartStruct(null, property.Name);
            canonical.Append(i > 0 ? ",{" : "{");
            var first = true;
            foreach (var member in property.Members)
            {
                if (v.TryGet(member.Name, consume: false) is null)
                {
                    if (member.Required)
                    {
                        v.Get(member.Name, property.Name);
                    }

                    continue;
                }

                var value = Member(v, member.Name, member with { Name = property.Name });
                canonical.Append(first ? "" : ",");
                ObjectJsonWriter.AppendString(canonical, member.Name);
                canonical.Append(':');
                canonical.Append(ObjectJsonWriter.Value(value));
                first = false;
            }

            if (v.FirstUnvisited() is { } unexpected)
            {
                throw v.Error(ErrorCodes.InvalidParameter, v.UnexpectedMessage(unexpected), property.Name);
            }

            v.Pop();
            canonical.Append('}');
        }

        v.Pop();
        return PropertyValue.OfStructList(canonical.Append(']').ToString());
    }
}
