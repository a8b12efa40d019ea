using Qcrypto.Objects;

namespace Qcrypto.Tls.Authz;

/// <summary>qauthz_is_allowed_by_id: finds the authz object by id and asks it.</summary>
public static class AuthzLookup
{
    public static bool IsAllowed(ObjectRegistry registry, string authzId, string identity)
    {
        var obj = registry.Find(authzId) ?? throw new TlsSessionException(TlsErrorCodes.Authz, $"Cannot find QAuthZ object ID {authzId}",
            hint: $"create it first, e.g. -object authz-simple,id={authzId},identity=...");
        return obj is IAuthorizer authorizer
            ? authorizer.IsAllowed(identity)
            : throw new TlsSessionException(TlsErrorCodes.Authz, $"Object '{authzId}' is not a QAuthZ subclass",
                hint: "use an authz-simple, authz-list or authz-listfile object");
    }
}
