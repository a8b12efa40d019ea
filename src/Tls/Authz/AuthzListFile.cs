using System.Text.Json;
using Qcrypto.Errors;
using Qcrypto.Objects;
using Qcrypto.Objects.Schema;

namespace Qcrypto.Tls.Authz;

/// <summary>
/// authz-listfile (QEMU authz/listfile.c): authz-list rules from a JSON file
/// (<c>{"policy": "deny", "rules": [{"match": "CN=*", "policy": "allow", "format": "glob"}]}</c>),
/// reloaded when the file changes (refresh, default on); a failed reload denies everyone until the
/// file is fixed, as in QEMU.
/// </summary>
public sealed class AuthzListFile : UserCreatable, IAuthorizer
{
    private volatile RuleSet? _rules;
    private FileSystemWatcher? _watcher;

    private AuthzListFile(ObjectType type, string id)
        : base(type, id)
    {
    }

    /// <summary>The type: its schema (QAPI AuthZListFileProperties) and its factory.</summary>
    public static ObjectType Definition { get; } = new(
        new ObjectTypeSchema("authz-listfile", "allow/deny rules from a JSON file", [
            PropertySchema.Str("filename", "JSON rules file") with { Required = true },
            PropertySchema.Bool("refresh", "reload the file when it changes"),
        ]),
        (type, id) => new AuthzListFile(type, id));

    public string? FileName { get; private set; }

    public bool Refresh { get; private set; } = true;

    public bool IsAllowed(string identity) => _rules is { } r && AuthzList.Decide(r.Rules, r.DefaultAllow, identity);

    protected override void OnPropertySet(PropertySchema property, PropertyValue value)
    {
        switch (property.Name)
        {
            case "filename":
                FileName = value.Text;
                break;
            case "refresh":
                Refresh = value.Flag;
                break;
        }
    }

    protected override void OnComplete(ObjectRegistry registry)
    {
        if (FileName is null)
        {
            throw Fail("filename not provided");
        }

        _rules = Load(FileName);
        if (!Refresh)
        {
            return;
        }

        var dir = Path.GetDirectoryName(FileName);
        if (string.IsNullOrEmpty(dir) || !Path.IsPathRooted(FileName))
        {
            throw Fail("Filename must be an absolute path");
        }

        var file = Path.GetFileName(FileName);
        if (string.IsNullOrEmpty(file) || file == ".")
        {
            throw Fail("Path has no trailing filename component");
        }

        _watcher = new FileSystemWatcher(dir, file) { NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size };
        _watcher.Changed += (_, _) => Reload();
        _watcher.Created += (_, _) => Reload();
        _watcher.Renamed += (_, _) => Reload();
        _watcher.EnableRaisingEvents = true;
    }

    protected override void OnDispose() => _watcher?.Dispose();

    private void Reload()
    {
        try
        {
            _rules = Load(FileName!);
        }
        catch (ObjectException)
        {
            _rules = null;
        }
    }

    private RuleSet Load(string fileName)
    {
        byte[] content;
        try
        {
            content = GlibFile.ReadAll(fileName);
        }
        catch (GlibFileException e)
        {
            throw Fail($"Unable to read '{fileName}': {e.Message}");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(content);
        }
        catch (JsonException e)
        {
            // QEMU's prefix; the detail in our words (the runtime's text is a resource key under NativeAOT).
            throw Fail($"JSON parse error, invalid JSON at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Fail($"File '{fileName}' must contain a JSON object");
            }

            var defaultAllow = Policy(root, "policy", allowMissing: true);
            var rules = new List<AuthzRule>();
            if (root.TryGetProperty("rules", out var list))
            {
                if (list.ValueKind != JsonValueKind.Array)
                {
                    throw Fail("Invalid parameter type for 'rules', expected: array");
                }

                var i = 0;
                foreach (var rule in list.EnumerateArray())
                {
                    if (rule.ValueKind != JsonValueKind.Object || !rule.TryGetProperty("match", out var match) || match.ValueKind != JsonValueKind.String)
                    {
                        throw Fail($"Parameter 'rules[{i}].match' is missing");
                    }

                    var format = AuthzMatchFormat.Exact;
                    if (rule.TryGetProperty("format", out var f))
                    {
                        format = f.GetString() switch
                        {
                            "exact" => AuthzMatchFormat.Exact,
                            "glob" => AuthzMatchFormat.Glob,
                            var other => throw Fail($"Parameter 'rules[{i}].format' does not accept value '{other}'"),
                        };
                    }

                    rules.Add(new AuthzRule(match.GetString()!, Policy(rule, "policy", allowMissing: false, $"rules[{i}]."), format));
                    i++;
                }
            }

            return new RuleSet(rules, defaultAllow);
        }
    }

    private bool Policy(JsonElement element, string name, bool allowMissing, string prefix = "")
    {
        if (!element.TryGetProperty(name, out var value))
        {
            return allowMissing ? false : throw Fail($"Parameter '{prefix}{name}' is missing");
        }

        return value.GetString() switch
        {
            "allow" => true,
            "deny" => false,
            var other => throw Fail($"Parameter '{prefix}{name}' does not accept value '{other}'"),
        };
    }

    private ObjectException Fail(string message) => new(ErrorCodes.ObjectInvalid, message, Id, "filename",
        "the file holds {\"policy\": \"deny\", \"rules\": [{\"match\": \"CN=client\", \"policy\": \"allow\", \"format\": \"exact\"}]}");

    private sealed record RuleSet(IReadOnlyList<AuthzRule> Rules, bool DefaultAllow);
}
