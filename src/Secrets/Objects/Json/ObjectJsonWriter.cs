using System.Globalization;
using System.Text;
using Qcrypto.Objects.Schema;

namespace Qcrypto.Objects.Json;

/// <summary>
/// Writes checked options as a canonical JSON <c>-object</c> argument: "qom-type", "id", then the members in
/// the order given, typed (booleans true/false, sizes and integers as numbers, lists as arrays), strings
/// escaped only where JSON needs it (quote, backslash, control characters), so that QEMU reads back the same.
/// </summary>
public static class ObjectJsonWriter
{
    public static string Write(ValidatedObjectOptions options)
    {
        var sb = new StringBuilder("{\"qom-type\":");
        AppendString(sb, options.Type.Name);
        sb.Append(",\"id\":");
        AppendString(sb, options.Id);
        foreach (var (property, value) in options.Values)
        {
            sb.Append(',');
            AppendString(sb, property.Name);
            sb.Append(':').Append(Value(value));
        }

        return sb.Append('}').ToString();
    }

    /// <summary>One value as JSON.</summary>
    public static string Value(PropertyValue value) => value.Kind switch
    {
        PropertyKind.String or PropertyKind.Enum => AppendString(new StringBuilder(), value.Text).ToString(),
        PropertyKind.Bool => value.Flag ? "true" : "false",
        PropertyKind.UInt16List => "[" + string.Join(",", value.List!.Select(v => v.ToString(CultureInfo.InvariantCulture))) + "]",
        PropertyKind.StructList => value.Text,
        _ => value.Number.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>Appends a JSON string literal.</summary>
    public static StringBuilder AppendString(StringBuilder sb, string text)
    {
        sb.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case < ' ' or '\u007f': sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
                default: sb.Append(c); break;
            }
        }

        return sb.Append('"');
    }
}
