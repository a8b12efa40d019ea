using System.Text;
using Qcrypto.Objects.Schema;

namespace Qcrypto.Objects;

/// <summary>
/// Prints an object back as a canonical <c>-object</c> line: the type first, then id, then every
/// property in the order set, booleans as on/off, sizes with their largest exact suffix, commas in
/// values doubled. Parsing the result gives the same object.
/// </summary>
public static class ObjectLineWriter
{
    public const string Redacted = "<redacted>";

    public static string Write(UserCreatable obj, bool redactSensitive)
    {
        var sb = new StringBuilder();
        AppendEscaped(sb, obj.TypeName);
        sb.Append(",id=");
        AppendEscaped(sb, obj.Id);
        foreach (var (property, value) in obj.Values)
        {
            if (redactSensitive && obj.IsSensitive(property))
            {
                sb.Append(',').Append(property.Name).Append('=').Append(Redacted);
                continue;
            }

            if (value.Kind == PropertyKind.UInt16List)
            {
                foreach (var element in value.List!)
                {
                    sb.Append(',').Append(property.Name).Append('=').Append(element);
                }

                continue;
            }

            sb.Append(',').Append(property.Name).Append('=');
            AppendEscaped(sb, value.Canonical);
        }

        return sb.ToString();
    }

    /// <summary>Appends <paramref name="value"/> with every ',' doubled, as QemuOpts reads it back.</summary>
    public static void AppendEscaped(StringBuilder sb, string value) => sb.Append(value.Replace(",", ",,", StringComparison.Ordinal));

    public static string Escape(string value) => value.Replace(",", ",,", StringComparison.Ordinal);
}
