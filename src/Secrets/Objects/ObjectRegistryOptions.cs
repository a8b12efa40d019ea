namespace Qcrypto.Objects;

/// <summary>Policy knobs of an <see cref="ObjectRegistry"/>.</summary>
public sealed record ObjectRegistryOptions
{
    /// <summary>
    /// Accept plaintext secret files (and master keys) that users other than the owner and group can
    /// read. Off by default: such a file leaks the secret to every local user. QEMU itself does not
    /// check; set this to reproduce QEMU exactly.
    /// </summary>
    public bool AllowWorldReadableSecretFiles { get; init; }

    /// <summary>
    /// The chardevs objects may name (rng-egd's and cryptodev-vhost-user's chardev=): QEMU's -chardev list. Null (the CLI's checks): chardevs
    /// are not modelled, an rng-egd is checked but not connected.
    /// </summary>
    public Chardevs.ChardevTable? Chardevs { get; init; }
}
