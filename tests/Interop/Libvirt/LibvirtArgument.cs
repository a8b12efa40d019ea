using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Qcrypto.Interop.Tests.Libvirt;

/// <summary>
/// One libvirt <c>-object</c> argument as editable members, for the test's substitutions only (its own small
/// reader, independent of qcrypto's parsers): JSON as an ordered object, dotted as ordered key=value words
/// (<c>,,</c> is a comma; the first word may be the bare type). Unchanged arguments are given back verbatim.
/// </summary>
internal sealed class LibvirtArgument
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly string _original;
    private readonly JsonObject? _json;
    private readonly List<(string? Key, string Value)>? _dotted;

    private LibvirtArgument(string original, JsonObject? json, List<(string?, string)>? dotted)
    {
        _original = original;
        _json = json;
        _dotted = dotted;
    }

    public bool Changed { get; private set; }

    public bool IsJson => _json is not null;

    public static LibvirtArgument Parse(string argument)
    {
        if (argument.StartsWith('{'))
        {
            return new LibvirtArgument(argument, JsonNode.Parse(argument)!.AsObject(), null);
        }

        var words = new List<(string?, string)>();
        var current = new StringBuilder();
        for (var i = 0; i <= argument.Length; i++)
        {
            if (i < argument.Length && argument[i] == ',' && i + 1 < argument.Length && argument[i + 1] == ',')
            {
                current.Append(',');
                i++;
            }
            else if (i == argument.Length || argument[i] == ',')
            {
                var word = current.ToString();
                var eq = word.IndexOf('=');
                words.Add(eq < 0 ? (null, word) : (word[..eq], word[(eq + 1)..]));
                current.Clear();
            }
            else
            {
                current.Append(argument[i]);
            }
        }

        return new LibvirtArgument(argument, null, words);
    }

    public string? Type => Get("qom-type") ?? (_dotted is [(null, var t), ..] ? t : null);

    /// <summary>A member's value as text (JSON numbers and booleans as written), or null.</summary>
    public string? Get(string key)
    {
        if (_json is not null)
        {
            return _json[key] switch
            {
                null => null,
                JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                var n => n.ToJsonString(),
            };
        }

        return _dotted!.LastOrDefault(w => w.Key == key).Value;
    }

    /// <summary>Sets a string member (JSON string or dotted word).</summary>
    public void SetString(string key, string value) => Set(key, JsonValue.Create(value), value);

    /// <summary>Sets a number member (JSON number or dotted word).</summary>
    public void SetNumber(string key, ulong value) => Set(key, JsonValue.Create(value), value.ToString(CultureInfo.InvariantCulture));

    /// <summary>Sets a list of numbers (JSON array; dotted: the key once, every other occurrence removed).</summary>
    public void SetNumberList(string key, params ulong[] values)
    {
        if (_json is not null)
        {
            Set(key, new JsonArray([.. values.Select(v => (JsonNode)JsonValue.Create(v))]), "");
            return;
        }

        var at = _dotted!.FindIndex(w => w.Key == key);
        _dotted.RemoveAll(w => w.Key == key);
        for (var i = values.Length - 1; i >= 0; i--)
        {
            _dotted.Insert(at, (key, values[i].ToString(CultureInfo.InvariantCulture)));
        }

        Changed = true;
    }

    private void Set(string key, JsonNode json, string dotted)
    {
        if (_json is not null)
        {
            _json[key] = json;
        }
        else
        {
            var at = _dotted!.FindLastIndex(w => w.Key == key);
            _dotted[at] = (key, dotted);
        }

        Changed = true;
    }

    public override string ToString()
    {
        if (!Changed)
        {
            return _original;
        }

        if (_json is not null)
        {
            return _json.ToJsonString(Relaxed);
        }

        return string.Join(",", _dotted!.Select(w => w.Key is null ? Escape(w.Value) : $"{Escape(w.Key)}={Escape(w.Value)}"));
    }

    private static string Escape(string s) => s.Replace(",", ",,", StringComparison.Ordinal);
}
