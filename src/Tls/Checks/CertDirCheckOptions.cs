using Qcrypto.Errors;
using Qcrypto.Tls.Creds;

namespace Qcrypto.Tls.Checks;

/// <summary>What to check: the directory, as which endpoint, and the extra checks asked for.</summary>
public sealed record CertDirCheckOptions(string Dir, TlsEndpoint Endpoint)
{
    /// <summary>verify-peer of the tls-creds-x509 object (QEMU's default: on).</summary>
    public bool VerifyPeer { get; init; } = true;

    /// <summary>Names and IP addresses clients dial (server endpoint): each must be covered by the certificate.</summary>
    public IReadOnlyList<string> Hostnames { get; init; } = [];

    /// <summary>The emulator's runtime user to audit permissions for, or null.</summary>
    public string? User { get; init; }

    /// <summary>-object lines created first (secrets for <see cref="PasswordId"/>).</summary>
    public IReadOnlyList<string> ObjectLines { get; init; } = [];

    /// <summary>passwordid= of the tls-creds-x509 object, or null.</summary>
    public string? PasswordId { get; init; }

    /// <summary>priority= of the tls-creds-x509 object (null: QEMU's default, NORMAL).</summary>
    public string? Priority { get; init; }

    /// <summary>Certificates expiring within this many days get a warning.</summary>
    public int WarnDays { get; init; } = 30;

    /// <summary>Accept plaintext secret files other users can read (see ObjectRegistryOptions).</summary>
    public bool AllowWorldReadableSecrets { get; init; }

    /// <summary>The moment to check validity against (tests pin it); null for now.</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>Where /etc/passwd and /etc/group are (tests point it elsewhere).</summary>
    public string EtcDirectory { get; init; } = "/etc";
}
