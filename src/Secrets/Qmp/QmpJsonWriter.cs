using System.Globalization;
using System.Text;
using Qcrypto.Objects.Json;

namespace Qcrypto.Qmp;

/// <summary>
/// QEMU 7.2's qobject_to_json (qobject/json-writer.c, not pretty): members as qdict_first/qdict_next
/// return them, ", " and ": " between items, strings with its escapes (\uXXXX in upper case for control
/// characters and everything beyond ASCII, surrogate pairs above U+FFFF), doubles as "%.17g".
/// </summary>
public static class QmpJsonWriter
{
    public static string Write(QObject value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sb = new StringBuilder();
        Append(sb, value);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, QObject value)
    {
        switch (value)
        {
            case QNull:
                sb.Append("null");
                break;
            case QBool b:
                sb.Append(b.Value ? "true" : "false");
                break;
            case QString s:
                AppendString(sb, s.Value);
                break;
            case QNum n:
                sb.Append(n.Kind == QNumKind.Double ? Double(n.Double) : n.ToString());
                break;
            case QList l:
                sb.Append('[');
                for (var i = 0; i < l.Items.Count; i++)
                {
                    sb.Append(i == 0 ? "" : ", ");
                    Append(sb, l.Items[i]);
                }

                sb.Append(']');
                break;
            case QDict d:
                sb.Append('{');
                var first = true;
                foreach (var key in d.InQemuOrder())
                {
                    sb.Append(first ? "" : ", ");
                    first = false;
                    AppendString(sb, key);
                    sb.Append(": ");
                    Append(sb, d[key]!);
                }

                sb.Append('}');
                break;
        }
    }

    private static void AppendString(StringBuilder sb, string text)
    {
        sb.Append('"');
        foreach (var rune in text.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (rune.Value > 0xFFFF)
                    {
                        var v = rune.Value - 0x10000;
                        sb.Append(CultureInfo.InvariantCulture, $"\\u{0xD800 | (v >> 10):X4}\\u{0xDC00 | (v & 0x3FF):X4}");
                    }
                    else if (rune.Value is < 0x20 or >= 0x7F)
                    {
                        sb.Append(CultureInfo.InvariantCulture, $"\\u{rune.Value:X4}");
                    }
                    else
                    {
                        sb.Append((char)rune.Value);
                    }

                    break;
            }
        }

        sb.Append('"');
    }

    /// <summary>C's "%.17g".</summary>
    private static string Double(double value)
    {
        var text = value.ToString("G17", CultureInfo.InvariantCulture);
        var e = text.IndexOf('E', StringComparison.Ordinal);
        if (e < 0)
        {
            return text;
        }

        var exponent = int.Parse(text.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return text[..e] + (exponent < 0 ? "e-" : "e+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
    }
}
