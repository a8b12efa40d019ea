namespace Qcrypto.Objects;

/// <summary>
/// Facts about QEMU 7.2's object types as Debian 12's qemu-system-x86_64 (7.2+dfsg) has them, measured
/// against that binary: when each type is created, which type names have a QOM class (those print help;
/// `-object help` lists them), and which names the -object parser accepts although the build has no
/// class for them (creating one fails with "invalid object type: NAME").
/// </summary>
public static class QemuObjectTypes
{
    /// <summary>The QOM classes of `qemu-system-x86_64 -object help` (7.2, Debian 12).</summary>
    private static readonly HashSet<string> Classes = new(StringComparer.Ordinal)
    {
        "authz-list", "authz-list-file", "authz-simple", "can-bus", "can-host-socketcan", "colo-compare", "cryptodev-backend",
        "cryptodev-backend-builtin", "cryptodev-vhost-user", "dbus-vmstate", "filter-buffer", "filter-dump", "filter-mirror",
        "filter-redirector", "filter-replay", "filter-rewriter", "input-barrier", "input-linux", "iothread", "main-loop",
        "memory-backend-file", "memory-backend-memfd", "memory-backend-ram", "pr-manager-helper", "qtest", "rng-builtin", "rng-egd",
        "rng-random", "secret", "secret_keyring", "sev-guest", "thread-context", "throttle-group", "tls-cipher-suites", "tls-creds-anon",
        "tls-creds-psk", "tls-creds-x509", "x-remote-object",
    };

    /// <summary>
    /// The stage QEMU 7.2 creates <paramref name="type"/> in (object_create_pre_sandbox / object_create_early
    /// in softmmu/vl.c; cryptodev-vhost-user is delayed because Debian builds with vhost-user on Linux).
    /// </summary>
    public static CreationStage StageOf(string type) => type switch
    {
        "thread-context" => CreationStage.PreSandbox,
        "rng-egd" or "qtest" or "cryptodev-vhost-user" or "vhost-user-blk-server" or "filter-buffer" or "filter-dump" or "filter-mirror"
            or "filter-redirector" or "colo-compare" or "filter-rewriter" or "filter-replay" => CreationStage.Late,
        _ when type.StartsWith("memory-backend-", StringComparison.Ordinal) => CreationStage.Late,
        _ => CreationStage.Early,
    };

    /// <summary>
    /// True when QEMU 7.2 has a QOM class of this name: `-object NAME,help` prints its properties. For a
    /// name without one (authz-listfile, authz-pam, ...) QEMU prints no help and treats "help" as an option.
    /// </summary>
    public static bool HasClass(string type) => Classes.Contains(type);

    /// <summary>
    /// The type whose properties `-object NAME,help` lists for a class name the -object parser itself
    /// refuses (authz-list-file is the class of what the parser calls authz-listfile), else null.
    /// </summary>
    public static string? HelpOnlyAlias(string type) => type == "authz-list-file" ? "authz-listfile" : null;

    /// <summary>
    /// Why QEMU 7.2 (Debian 12) refuses to create an object of a seed type qcrypto accepts, or null: the
    /// message QEMU prints and what to do instead.
    /// </summary>
    public static (string Message, string Hint)? RefusedSeedType(string type) => type switch
    {
        "authz-listfile" => (
            "QEMU 7.2 refuses to create this object (\"invalid object type: authz-listfile\"): its class is named authz-list-file, "
            + "a name QEMU 7.2's -object parser does not accept either, so QEMU 7.2 cannot create a list-file authorizer from -object",
            "for QEMU 7.2 use authz-simple or authz-list instead"),
        "authz-pam" => (
            "QEMU 7.2 as Debian builds it (without PAM support) refuses to create this object: \"invalid object type: authz-pam\"",
            "use a QEMU built with PAM support (configure --enable-auth-pam), or authz-simple / authz-list"),
        _ => null,
    };
}
