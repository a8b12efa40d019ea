using Qcrypto.Errors;
using Qcrypto.Objects.Schema;

namespace Qcrypto.Objects;

/// <summary>
/// Parses one property value by its QAPI type with QEMU 7.2's options-visitor rules and messages
/// (qapi/opts-visitor.c, qapi/qapi-util.c, util/cutils.c).
/// </summary>
public static class PropertyValueParser
{
    // QEMU's OPTS_VISITOR_RANGE_MAX: the longest range a list option may expand to.
    private const int MaxRange = 65536;

    public static PropertyValue Parse(PropertySchema property, string text, string? objectId) => Parse(property, text, objectId, null);

    /// <summary>As <see cref="Parse(PropertySchema, string, string?)"/>; <paramref name="warn"/> gets QEMU's warnings (a hex size with a suffix).</summary>
    public static PropertyValue Parse(PropertySchema property, string text, string? objectId, Action<string>? warn)
    {
        var name = property.Name;
        switch (property.Kind)
        {
            case PropertyKind.String:
                return PropertyValue.OfString(text);
            case PropertyKind.Enum:
                if (!property.EnumValues.Contains(text, StringComparer.Ordinal))
                {
                    throw Invalid($"Parameter '{name}' does not accept value '{text}'",
                        $"{name} takes one of: {string.Join(", ", property.EnumValues)}");
                }

                return PropertyValue.OfEnum(text);
            case PropertyKind.Bool:
                return text switch
                {
                    "on" or "yes" or "true" or "y" => PropertyValue.OfBool(true, text),
                    "off" or "no" or "false" or "n" => PropertyValue.OfBool(false, text),
                    _ => throw Invalid($"Parameter '{name}' expects 'on' or 'off'", $"write {name}=on or {name}=off"),
                };
            case PropertyKind.Int32:
            case PropertyKind.Int64:
                if (!CInteger.TryParseInt64(text, out var signed))
                {
                    throw Invalid($"Parameter '{name}' expects an int64 value", "a decimal, 0x-hex or 0-octal integer");
                }

                if (property.Kind == PropertyKind.Int32 && signed is < int.MinValue or > int.MaxValue)
                {
                    throw Invalid($"Parameter '{name}' expects int32_t", "the value must fit in 32 signed bits");
                }

                return PropertyValue.OfNumber(property.Kind, signed, text);
            case PropertyKind.UInt16:
            case PropertyKind.UInt32:
            case PropertyKind.UInt64:
                if (!CInteger.TryParseUInt64(text, out var unsigned))
                {
                    throw Invalid($"Parameter '{name}' expects a uint64 value", "a non-negative decimal, 0x-hex or 0-octal integer");
                }

                var (max, cName) = property.Kind switch
                {
                    PropertyKind.UInt16 => ((ulong)ushort.MaxValue, "uint16_t"),
                    PropertyKind.UInt32 => (uint.MaxValue, "uint32_t"),
                    _ => (ulong.MaxValue, "uint64_t"),
                };
                if (unsigned > max)
                {
                    throw Invalid($"Parameter '{name}' expects {cName}", $"the largest value is {max}");
                }

                return PropertyValue.OfNumber(property.Kind, unsigned, text);
            case PropertyKind.Size:
                var sizeOk = SizeParser.TryParse(text, out var size, out var sizeWarning);
                if (sizeWarning is not null)
                {
                    warn?.Invoke(sizeWarning);
                }

                if (!sizeOk)
                {
                    throw Invalid($"Parameter '{name}' expects a size value", "bytes, or a number with suffix k, M, G, T, P or E (e.g. 512M, 1.5G)");
                }

                return PropertyValue.OfNumber(PropertyKind.Size, size, text);
            case PropertyKind.UInt16List:
                return ParseList(property, [text], objectId);
            case PropertyKind.StructList:
                throw Invalid($"Parameter '{name}' takes a list of structs, which only the JSON form can give", "write the object in the JSON form of -object");
            default:
                throw new InvalidOperationException($"unhandled kind {property.Kind}");
        }

        ObjectOptionException Invalid(string message, string hint) =>
            new(ErrorCodes.InvalidParameterValue, message, objectId, name, hint);
    }

    /// <summary>A uint16 list: every occurrence is "N" or "N-M" (a range of at most 65536 values).</summary>
    public static PropertyValue ParseList(PropertySchema property, IReadOnlyList<string> texts, string? objectId)
    {
        var values = new List<ushort>();
        foreach (var text in texts)
        {
            var dash = text.IndexOf('-', text.Length > 0 && text[0] == '-' ? 1 : 0);
            ulong low, high;
            if (dash < 0)
            {
                if (!CInteger.TryParseUInt64(text, out low))
                {
                    throw Invalid();
                }

                high = low;
            }
            else if (!CInteger.TryParseUInt64(text[..dash], out low) || !CInteger.TryParseUInt64(text[(dash + 1)..], out high)
                     || high < low || high - low >= MaxRange)
            {
                throw Invalid();
            }

            for (var v = low; v <= high; v++)
            {
                if (v > ushort.MaxValue)
                {
                    // QEMU names list elements 'null' in this message.
                    throw new ObjectOptionException(ErrorCodes.InvalidParameterValue, "Parameter 'null' expects uint16_t", objectId, property.Name,
                        $"{property.Name} elements must be at most {ushort.MaxValue}");
                }

                values.Add((ushort)v);
            }
        }

        return PropertyValue.OfList(values, string.Join(",", texts));

        ObjectOptionException Invalid() => new(ErrorCodes.InvalidParameterValue,
            $"Parameter '{property.Name}' expects a uint64 value or range", objectId, property.Name,
            $"give {property.Name}=N or {property.Name}=N-M, repeated as needed");
    }
}
