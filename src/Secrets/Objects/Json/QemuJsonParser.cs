using System.Globalization;
using System.Text;

namespace Qcrypto.Objects.Json;

/// <summary>
/// QEMU 7.2's recursive-descent JSON parser (qobject/json-parser.c) over one balanced run of tokens: the
/// first error wins ("JSON parse error, ..."), a repeated key is "duplicate key", integers become int64,
/// else uint64, else double, as QEMU stores them.
/// </summary>
internal sealed class QemuJsonParser
{
    private readonly List<JsonToken> _tokens;
    private readonly Func<string, bool>? _sensitive;
    private int _next;
    private string? _error;

    // The key whose value is being parsed (null inside arrays): errors echoing a secret value are masked.
    private string? _key;

    private QemuJsonParser(List<JsonToken> tokens, Func<string, bool>? sensitive)
    {
        _tokens = tokens;
        _sensitive = sensitive;
    }

    public static (QObject? Value, string? Error) Parse(List<JsonToken> tokens, Func<string, bool>? sensitive)
    {
        var parser = new QemuJsonParser(tokens, sensitive);
        var value = parser.ParseValue();
        return parser._error is { } e ? (null, e) : (value, null);
    }

    private bool InSecret => _key is not null && _sensitive?.Invoke(_key) == true;

    private void Error(string message) => _error ??= "JSON parse error, " + message;

    private JsonToken? Peek() => _next < _tokens.Count ? _tokens[_next] : null;

    private JsonToken? Pop() => _next < _tokens.Count ? _tokens[_next++] : null;

    private QObject? ParseValue()
    {
        if (Peek() is not { } token)
        {
            Error("premature EOI");
            return null;
        }

        switch (token.Type)
        {
            case JsonLex.LCurly:
                return ParseObject();
            case JsonLex.LSquare:
                return ParseArray();
            case JsonLex.Integer:
            case JsonLex.Float:
            case JsonLex.String:
                return ParseLiteral();
            case JsonLex.KeywordToken:
                return ParseKeyword();
            default:
                Error("expecting value");
                return null;
        }
    }

    private QObject? ParseObject()
    {
        Pop();
        var dict = new QDict();
        var outer = _key;
        if (Peek() is not { } peek)
        {
            Error("premature EOI");
            return null;
        }

        if (peek.Type == JsonLex.RCurly)
        {
            Pop();
            return dict;
        }

        if (!ParsePair(dict))
        {
            return null;
        }

        while (true)
        {
            if (Pop() is not { } token)
            {
                Error("premature EOI");
                return null;
            }

            if (token.Type == JsonLex.RCurly)
            {
                _key = outer;
                return dict;
            }

            if (token.Type != JsonLex.Comma)
            {
                Error("expected separator in dict");
                return null;
            }

            if (!ParsePair(dict))
            {
                return null;
            }
        }
    }

    private bool ParsePair(QDict dict)
    {
        if (Peek() is null)
        {
            Error("premature EOI");
            return false;
        }

        _key = null;
        if (ParseValue() is not QString key)
        {
            Error("key is not a string in object");
            return false;
        }

        if (Pop() is not { } colon)
        {
            Error("premature EOI");
            return false;
        }

        if (colon.Type != JsonLex.Colon)
        {
            Error("missing : in object pair");
            return false;
        }

        _key = key.Value;
        var value = ParseValue();
        if (value is null)
        {
            Error("Missing value in dict");
            return false;
        }

        if (!dict.TryAdd(key.Value, value))
        {
            Error("duplicate key");
            return false;
        }

        return true;
    }

    private QObject? ParseArray()
    {
        Pop();
        var items = new List<QObject>();
        var outer = _key;
        _key = null;
        if (Peek() is not { } peek)
        {
            Error("premature EOI");
            return null;
        }

        if (peek.Type == JsonLex.RSquare)
        {
            Pop();
            _key = outer;
            return new QList(items);
        }

        while (true)
        {
            if (ParseValue() is not { } item)
            {
                Error("expecting value");
                return null;
            }

            items.Add(item);
            if (Pop() is not { } token)
            {
                Error("premature EOI");
                return null;
            }

            if (token.Type == JsonLex.RSquare)
            {
                _key = outer;
                return new QList(items);
            }

            if (token.Type != JsonLex.Comma)
            {
                Error("expected separator in list");
                return null;
            }
        }
    }

    private QObject? ParseKeyword()
    {
        var text = Encoding.UTF8.GetString(Pop()!.Value.Text);
        switch (text)
        {
            case "true":
                return new QBool(true);
            case "false":
                return new QBool(false);
            case "null":
                return QNull.Instance;
            default:
                Error(InSecret ? $"invalid keyword in the value of '{_key}' (not shown: it may be secret)" : $"invalid keyword '{text}'");
                return null;
        }
    }

    private QObject? ParseLiteral()
    {
        var token = Pop()!.Value;
        if (token.Type == JsonLex.String)
        {
            var (value, error) = QemuJsonString.Decode(token.Text);
            if (error is not null)
            {
                Error(error.Value.Echoes && InSecret ? $"invalid escape in the value of '{_key}' (not shown: it may be secret)" : error.Value.Message);
                return null;
            }

            return new QString(value!);
        }

        var text = Encoding.ASCII.GetString(token.Text);
        if (token.Type == JsonLex.Integer)
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var i))
            {
                return QNum.FromInt(i);
            }

            if (text[0] != '-' && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var u))
            {
                return QNum.FromUInt(u);
            }
        }

        // strtod: overflow gives ±HUGE_VAL (infinity), as .NET's parse does.
        return QNum.FromDouble(double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture));
    }
}
