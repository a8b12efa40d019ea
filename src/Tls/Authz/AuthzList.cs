using Qcrypto.Objects;
using Qcrypto.Objects.Json;
using Qcrypto.Objects.Schema;

namespace Qcrypto.Tls.Authz;

/// <summary>
/// authz-list (QEMU authz/list.c): rules checked in order, the first match decides; otherwise the
/// default policy (deny unless set). Rules come from the JSON form of -object (a dotted line cannot give a
/// list of structs), from <see cref="Add"/>, or from a file (authz-listfile).
/// </summary>
public sealed class AuthzList : UserCreatable, IAuthorizer
{
    private readonly List<AuthzRule> _rules = [];

    private AuthzList(ObjectType type, string id)
        : base(type, id)
    {
    }

    /// <summary>The type: its schema (QAPI AuthZListProperties; rules only in the JSON form) and its factory.</summary>
    public static ObjectType Definition { get; } = new(
        new ObjectTypeSchema("authz-list", "allow/deny rules checked in order", [
            PropertySchema.Enum("policy", "QAuthZListPolicy", "result when no rule matches", "deny", "allow") with { Default = "deny" },
            PropertySchema.StructList("rules", "QAuthZListRule", "rules checked in order (JSON form: [{\"match\": ..., \"policy\": ..., \"format\": ...}])",
                PropertySchema.Str("match", "the identity or glob pattern") with { Required = true },
                PropertySchema.Enum("policy", "QAuthZListPolicy", "verdict when the rule matches", "deny", "allow") with { Required = true },
                PropertySchema.Enum("format", "QAuthZListFormat", "how match is compared", "exact", "glob") with { Default = "exact" }),
        ]),
        (type, id) => new AuthzList(type, id));

    public bool DefaultAllow { get; private set; }

    public IReadOnlyList<AuthzRule> Rules => _rules;

    public AuthzList Add(AuthzRule rule)
    {
        _rules.Add(rule);
        return this;
    }

    public bool IsAllowed(string identity) => Decide(_rules, DefaultAllow, identity);

    /// <summary>qauthz_list_is_allowed over any rule list.</summary>
    internal static bool Decide(IEnumerable<AuthzRule> rules, bool defaultAllow, string identity)
    {
        foreach (var rule in rules)
        {
            if (rule.Matches(identity))
            {
                return rule.Allow;
            }
        }

        return defaultAllow;
    }

    protected override void OnPropertySet(PropertySchema property, PropertyValue value)
    {
        if (property.Name == "policy")
        {
            DefaultAllow = value.Text == "allow";
        }
        else if (property.Name == "rules")
        {
            // Setting the property replaces the list, as qauthz_list_prop_set_rules does.
            _rules.Clear();
            foreach (var item in ((QList)QemuJson.Parse(value.Text)).Items.Cast<QDict>())
            {
                var format = (item["format"] as QString)?.Value == "glob" ? AuthzMatchFormat.Glob : AuthzMatchFormat.Exact;
                _rules.Add(new AuthzRule(((QString)item["match"]!).Value, ((QString)item["policy"]!).Value == "allow", format));
            }
        }
    }

    protected override void OnComplete(ObjectRegistry registry)
    {
    }
}
