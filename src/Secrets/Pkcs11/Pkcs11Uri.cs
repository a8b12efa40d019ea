using System.Text;
using Qcrypto.Errors;

namespace Qcrypto.Pkcs11;

/// <summary>
/// An RFC 7512 PKCS#11 URI naming a secret key: <c>pkcs11:token=qc;object=master</c> with the path
/// attributes token, manufacturer, serial, model (of the token), object, id and type (of the key), and
/// the query attributes module-path, pin-source and pin-value. Values are percent-decoded; <c>id</c> is
/// bytes. Vendor attributes (<c>x-...</c>) are ignored as the RFC allows; the library and slot
/// attributes are refused, as qcrypto does not match on them.
/// </summary>
public sealed class Pkcs11Uri
{
    private static readonly string[] PathNames = ["token", "manufacturer", "serial", "model", "object", "id", "type"];
    private static readonly string[] QueryNames = ["module-path", "pin-source", "pin-value", "module-name"];
    private readonly Dictionary<string, string> _path = new(StringComparer.Ordinal);

    private Pkcs11Uri()
    {
    }

    /// <summary>The token label (token=), or null to match any token.</summary>
    public string? Token => _path.GetValueOrDefault("token");

    /// <summary>The token's manufacturer ID (manufacturer=).</summary>
    public string? Manufacturer => _path.GetValueOrDefault("manufacturer");

    /// <summary>The token's serial number (serial=).</summary>
    public string? Serial => _path.GetValueOrDefault("serial");

    /// <summary>The token's model (model=).</summary>
    public string? Model => _path.GetValueOrDefault("model");

    /// <summary>The key's label (object=, CKA_LABEL).</summary>
    public string? Object => _path.GetValueOrDefault("object");

    /// <summary>The key's CKA_ID bytes (id=, percent-encoded in the URI), or null.</summary>
    public byte[]? Id { get; private set; }

    /// <summary>The object type (type=); a master key is a secret-key.</summary>
    public string? Type => _path.GetValueOrDefault("type");

    /// <summary>The provider module's path (module-path= query attribute).</summary>
    public string? ModulePath { get; private set; }

    /// <summary>Where the PIN is (pin-source=, a file: URI or a path).</summary>
    public string? PinSource { get; private set; }

    /// <summary>True when the URI carries the PIN itself (pin-value=); see <see cref="PinValue"/>.</summary>
    public bool HasPinValue => PinValue is not null;

    /// <summary>The PIN given inline (pin-value=). Never print it: <see cref="ToString"/> leaves it out.</summary>
    public string? PinValue { get; private set; }

    /// <summary>True when the URI has query attributes (module-path, pin-source, pin-value).</summary>
    public bool HasQuery => ModulePath is not null || PinSource is not null || PinValue is not null;

    /// <summary>Parses <paramref name="text"/>.</summary>
    /// <exception cref="Pkcs11Exception">not a PKCS#11 URI, a malformed or repeated attribute, an unsupported one
    /// (code <see cref="Pkcs11ErrorCodes.Uri"/>; the message never quotes a pin-value).</exception>
    public static Pkcs11Uri Parse(string text, string property = "uri")
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!text.StartsWith("pkcs11:", StringComparison.OrdinalIgnoreCase))
        {
            throw Malformed("a PKCS#11 URI starts with 'pkcs11:'", property, "write it as pkcs11:token=LABEL;object=LABEL (RFC 7512)");
        }

        var uri = new Pkcs11Uri();
        var rest = text["pkcs11:".Length..];
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? rest : rest[..query];
        if (path.Length > 0)
        {
            foreach (var part in path.Split(';'))
            {
                var (name, value) = Attribute(part, property);
                uri.SetPath(name, value, property);
            }
        }

        if (query >= 0)
        {
            foreach (var part in rest[(query + 1)..].Split('&'))
            {
                var (name, value) = Attribute(part, property);
                uri.SetQuery(name, value, property);
            }
        }

        return uri;
    }

    /// <summary>The URI's path attributes (what names the key), without the query: safe to print.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("pkcs11:");
        var first = true;
        foreach (var name in PathNames)
        {
            if (_path.TryGetValue(name, out var value))
            {
                text.Append(first ? "" : ";").Append(name).Append('=').Append(Encode(name == "id" ? Id! : Encoding.UTF8.GetBytes(value)));
                first = false;
            }
        }

        return text.ToString();
    }

    private void SetPath(string name, string raw, string property)
    {
        if (name.StartsWith("x-", StringComparison.Ordinal))
        {
            return;
        }

        if (Array.IndexOf(PathNames, name) < 0)
        {
            throw Malformed($"the path attribute '{name}' is not supported", property,
                "qcrypto matches token, manufacturer, serial, model, object, id and type");
        }

        if (_path.ContainsKey(name))
        {
            throw Malformed($"the attribute '{name}' is given twice", property, "give each attribute once");
        }

        var bytes = Decode(raw, name, property);
        if (name == "id")
        {
            Id = bytes;
            _path[name] = "";
            return;
        }

        _path[name] = Text(bytes, name, property);
        if (name == "type" && _path[name] != "secret-key")
        {
            throw Malformed($"type={_path[name]}: a master key is a secret key", property, "use type=secret-key, or leave type out");
        }
    }

    private void SetQuery(string name, string raw, string property)
    {
        if (name.StartsWith("x-", StringComparison.Ordinal))
        {
            return;
        }

        if (Array.IndexOf(QueryNames, name) < 0)
        {
            throw Malformed($"the query attribute '{name}' is not supported", property, "qcrypto takes module-path, pin-source and pin-value");
        }

        if (name == "module-name")
        {
            throw Malformed("module-name is not supported: qcrypto does not search for modules", property, "give the module's file with module-path=/path/to/module.so");
        }

        var value = Text(Decode(raw, name, property), name, property);
        var known = name switch { "module-path" => ModulePath, "pin-source" => PinSource, _ => PinValue };
        if (known is not null)
        {
            throw Malformed($"the attribute '{name}' is given twice", property, "give each attribute once");
        }

        switch (name)
        {
            case "module-path":
                ModulePath = value;
                break;
            case "pin-source":
                PinSource = value;
                break;
            default:
                PinValue = value;
                break;
        }

        if (PinSource is not null && PinValue is not null)
        {
            throw Malformed("pin-source and pin-value are mutually exclusive", property, "give the PIN one way (pin-source=file:PATH is the safer one)");
        }
    }

    private static (string Name, string Value) Attribute(string part, string property)
    {
        var eq = part.IndexOf('=', StringComparison.Ordinal);
        if (eq <= 0)
        {
            // Never quote the part: it may be a PIN given without its name.
            throw Malformed("every attribute is NAME=VALUE", property, "separate path attributes with ';' and query attributes with '&'");
        }

        return (part[..eq], part[(eq + 1)..]);
    }

    private static byte[] Decode(string raw, string name, string property)
    {
        var bytes = new List<byte>(raw.Length);
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] == '%')
            {
                if (i + 2 >= raw.Length || !char.IsAsciiHexDigit(raw[i + 1]) || !char.IsAsciiHexDigit(raw[i + 2]))
                {
                    throw Malformed($"the value of '{name}' has a '%' not followed by two hex digits", property, "percent-encode a literal '%' as %25");
                }

                bytes.Add(Convert.ToByte(raw.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                // A run of literal characters up to the next escape, encoded whole (surrogate pairs stay together).
                var end = raw.IndexOf('%', i);
                end = end < 0 ? raw.Length : end;
                bytes.AddRange(Encoding.UTF8.GetBytes(raw[i..end]));
                i = end - 1;
            }
        }

        return [.. bytes];
    }

    private static string Text(byte[] bytes, string name, string property)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (ArgumentException)
        {
            throw Malformed($"the value of '{name}' is not UTF-8 once percent-decoded", property, null);
        }
    }

    private static string Encode(ReadOnlySpan<byte> bytes)
    {
        var text = new StringBuilder(bytes.Length);
        foreach (var b in bytes)
        {
            var c = (char)b;
            if (b < 0x80 && (char.IsAsciiLetterOrDigit(c) || "-._~:[]@!$'()*+,=&".Contains(c, StringComparison.Ordinal)))
            {
                text.Append(c);
            }
            else
            {
                text.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return text.ToString();
    }

    private static Pkcs11Exception Malformed(string what, string property, Advice? hint) =>
        new(Pkcs11ErrorCodes.Uri, $"Invalid PKCS#11 URI: {what}", property, hint);
}
