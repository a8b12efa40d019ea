using Qcrypto.Objects;
using Qcrypto.Objects.Schema;

namespace Qcrypto.Tls.Authz;

/// <summary>
/// authz-list (QEMU authz/list.c): rules checked in order, the first match decides; otherwise the
/// default policy (deny unless set). Rules cannot be written on an -object line, so they are added
/// through <see cref="Add"/> (or loaded from a file by authz-listfile).
/// </summary>
public sealed class AuthzList : UserCreatable, IAuthorizer
{
    private readonly List<AuthzRule> _rules = [];

    private AuthzList(ObjectType type, string id)
        : base(type, id)
    {
    }

    /// <summary>The type: its schema (QAPI AuthZListProperties; rules are not settable from -object) and its factory.</summary>
    public static ObjectType Definition { get; } = new(
        new ObjectTypeSchema("authz-list", "allow/deny rules checked in order", [
            PropertySchema.Enum("policy", "QAuthZListPolicy", "result when no rule matches", "deny", "allow") with { Default = "deny" },
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
    }

    protected override void OnComplete(ObjectRegistry registry)
    {
    }
}
