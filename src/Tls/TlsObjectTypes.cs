using Qcrypto.Objects;
using Qcrypto.Objects.Schema;
using Qcrypto.Tls.Authz;
using Qcrypto.Tls.Creds;

namespace Qcrypto.Tls;

/// <summary>
/// Registers the object types of the families Qcrypto.Tls implements: tls-creds-anon, -psk, -x509 and
/// authz-simple, -list, -listfile (each type's schema sits beside its implementation), plus the members
/// of those families nobody implements, validated only: authz-pam (QEMU 7.2 as Debian builds it has no
/// PAM) and the QEMU-only tls-cipher-suites.
/// </summary>
public static class TlsObjectTypes
{
    /// <summary>authz-pam: validated only (see <see cref="QemuObjectTypes.RefusedSeedType"/>).</summary>
    private static readonly ObjectType AuthzPam = ObjectType.SchemaOnly(new ObjectTypeSchema("authz-pam", "PAM account check", [
        PropertySchema.Str("service", "PAM service name") with { Required = true },
    ]));

    /// <summary>tls-cipher-suites (QEMU 7.2, outside the seed): options checked as QEMU checks them, not modelled.</summary>
    private static readonly ObjectType TlsCipherSuites = ObjectType.NotModelled(new ObjectTypeSchema(
        "tls-cipher-suites", "TLS cipher suites for guest firmware", [.. TlsCreds.CommonProperties("tls-cipher-suites", loaded: false)]));

    /// <summary>Adds the types of Qcrypto.Tls to <paramref name="catalog"/>.</summary>
    public static ObjectTypeCatalog AddTls(this ObjectTypeCatalog catalog) => catalog
        .Register(TlsCredsAnon.Definition)
        .Register(TlsCredsPsk.Definition)
        .Register(TlsCredsX509.Definition)
        .Register(TlsCipherSuites)
        .Register(AuthzSimple.Definition)
        .Register(AuthzList.Definition)
        .Register(AuthzListFile.Definition)
        .Register(AuthzPam);
}
