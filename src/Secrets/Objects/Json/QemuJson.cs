using System.Globalization;
using System.Text.Json;
using Qcrypto.Errors;

namespace Qcrypto.Objects.Json;

/// <summary>
/// QEMU 7.2's JSON reader (qobject_from_json), for <c>-object {...}</c> arguments and for QMP: its
/// grammar (single-quoted strings too), its number representation and its error messages.
/// </summary>
public static class QemuJson
{
    /// <summary>
    /// Parses exactly one JSON value; throws <see cref="QemuJsonException"/> with QEMU's message. Lexical
    /// errors inside the value of a member <paramref name="sensitive"/> names are reported without the
    /// offending text (QEMU echoes it; it may be part of a secret).
    /// </summary>
    public static QObject Parse(string text, Func<string, bool>? sensitive = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var (value, error) = QemuJsonStreamer.Parse(text, sensitive);
        return value ?? throw new QemuJsonException(error!);
    }

    /// <summary>
    /// The same value from JSON already parsed by System.Text.Json (e.g. a QMP command's "arguments"):
    /// numbers stored as QEMU stores them; a repeated key is QEMU's "duplicate key".
    /// </summary>
    public static QObject FromElement(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var dict = new QDict();
                foreach (var member in element.EnumerateObject())
                {
                    if (!dict.TryAdd(member.Name, FromElement(member.Value)))
                    {
                        throw new QemuJsonException("JSON parse error, duplicate key");
                    }
                }

                return dict;
            case JsonValueKind.Array:
                return new QList([.. element.EnumerateArray().Select(FromElement)]);
            case JsonValueKind.String:
                return new QString(element.GetString()!);
            case JsonValueKind.True:
                return new QBool(true);
            case JsonValueKind.False:
                return new QBool(false);
            case JsonValueKind.Number:
                return Number(element.GetRawText());
            default:
                return QNull.Instance;
        }
    }

    private static QNum Number(string text)
    {
        var integer = !text.AsSpan().ContainsAny('.', 'e', 'E');
        if (integer && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i))
        {
            return QNum.FromInt(i);
        }

        if (integer && text[0] != '-' && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var u))
        {
            return QNum.FromUInt(u);
        }

        return QNum.FromDouble(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
    }
}

/// <summary>JSON QEMU's parser refuses; the message is QEMU's ("JSON parse error, ...", "Expecting at most one JSON value").</summary>
public sealed class QemuJsonException : QcryptoException
{
    internal QemuJsonException(string message)
        : base(ErrorCodes.JsonSyntax, message, null, null, "write one JSON object: {\"qom-type\": TYPE, \"id\": ID, ...}", null)
    {
    }
}
