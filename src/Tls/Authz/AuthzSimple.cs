using Qcrypto.Objects;
using Qcrypto.Objects.Schema;

namespace Qcrypto.Tls.Authz;

/// <summary>authz-simple (QEMU authz/simple.c): allows exactly one identity.</summary>
public sealed class AuthzSimple : UserCreatable, IAuthorizer
{
    private AuthzSimple(ObjectType type, string id)
        : base(type, id)
    {
    }

    /// <summary>The type: its schema (QAPI AuthZSimpleProperties) and its factory.</summary>
    public static ObjectType Definition { get; } = new(
        new ObjectTypeSchema("authz-simple", "allows exactly one identity", [
            PropertySchema.Str("identity", "the identity (e.g. x509 DN) allowed") with { Required = true },
        ]),
        (type, id) => new AuthzSimple(type, id));

    public string Identity { get; private set; } = string.Empty;

    public bool IsAllowed(string identity) => string.Equals(identity, Identity, StringComparison.Ordinal);

    protected override void OnPropertySet(PropertySchema property, PropertyValue value)
    {
        if (property.Name == "identity")
        {
            Identity = value.Text;
        }
    }

    protected override void OnComplete(ObjectRegistry registry)
    {
    }
}
