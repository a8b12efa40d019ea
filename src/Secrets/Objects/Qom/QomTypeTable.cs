using Qcrypto.Objects.Json;

namespace Qcrypto.Objects.Qom;

/// <summary>
/// The QOM properties of the object types qcrypto models, as QEMU 7.2's qom-list lists them (names, QOM
/// type names and order, measured with qemu-system-x86_64 7.2) and the value qom-get returns for a
/// property that was not set. qom-list's order is QEMU's: it prepends while iterating the object's,
/// then its class's, then the parent classes' property tables, so "type" (TYPE_OBJECT's) comes first.
/// </summary>
internal static class QomTypeTable
{
    private static readonly QomEntry TypeEntry = new("type", "string", null);

    private static readonly QomEntry[] SecretCommon =
    [
        new("iv", "string", Str("")),
        new("keyid", "string", Str("")),
        new("loaded", "bool", null),
        new("format", "QCryptoSecretFormat", Str("raw")),
    ];

    private static readonly QomEntry[] TlsCreds =
    [
        new("endpoint", "QCryptoTLSCredsEndpoint", Str("client")),
        new("dir", "string", Str("")),
        new("verify-peer", "bool", new QBool(true)),
        new("priority", "string", Str("")),
    ];

    private static readonly Dictionary<string, QomEntry[]> Types = new(StringComparer.Ordinal)
    {
        ["secret"] = [.. SecretCommon, new("file", "string", Str("")), new("data", "string", Str(""))],
        ["secret_keyring"] = [.. SecretCommon, new("serial", "int32_t", QNum.FromInt(0))],
        ["tls-creds-anon"] = [.. TlsCreds, new("loaded", "bool", null)],
        ["tls-creds-psk"] = [.. TlsCreds, new("username", "string", Str("")), new("loaded", "bool", null)],
        ["tls-creds-x509"] =
        [
            .. TlsCreds, new("sanity-check", "bool", new QBool(true)), new("passwordid", "string", Str("")), new("loaded", "bool", null),
        ],
        ["tls-cipher-suites"] = TlsCreds,
        ["authz-simple"] = [new("identity", "string", Str(""))],
        ["authz-list"] = [new("policy", "QAuthZListPolicy", Str("deny")), new("rules", "QAuthZListRule", new QList([]))],
        ["rng-random"] = [new("opened", "bool", null), new("filename", "string", Str("/dev/urandom"))],
        ["rng-builtin"] = [new("opened", "bool", null)],
        ["rng-egd"] = [new("opened", "bool", null), new("chardev", "string", Str(""))],
        ["cryptodev-backend-builtin"] = [new("queues", "uint32", QNum.FromInt(1))],
        ["sev-guest"] =
        [
            new("dh-cert-file", "string", Str("")), new("sev-device", "string", Str("/dev/sev")), new("session-file", "string", Str("")),
            new("kernel-hashes", "bool", new QBool(false)), new("handle", "uint32", QNum.FromInt(0)), new("policy", "uint32", QNum.FromInt(1)),
            new("reduced-phys-bits", "uint32", QNum.FromInt(0)), new("cbitpos", "uint32", QNum.FromInt(0)),
        ],
    };

    /// <summary>True when the table has QEMU's exact property list for <paramref name="type"/>.</summary>
    public static bool Knows(string type) => Types.ContainsKey(type);

    /// <summary>
    /// The properties of an object of <paramref name="type"/> in qom-list order: QEMU's for the types above,
    /// else "type" and the options the schema checks (qcrypto does not model the rest of such a type).
    /// </summary>
    public static IReadOnlyList<QomEntry> For(ObjectType type)
    {
        if (Types.TryGetValue(type.Name, out var entries))
        {
            return [TypeEntry, .. entries];
        }

        return [TypeEntry, .. type.Schema.Properties.Where(p => !p.IsStruct && p.Within is null).Select(p => new QomEntry(p.Name, p.HelpType, null))];
    }

    private static QString Str(string value) => new(value);
}

/// <summary>One QOM property: name, QOM type, and the value qom-get returns when it was not set (null: computed or absent).</summary>
internal sealed record QomEntry(string Name, string Type, QObject? Default);
