namespace Qcrypto.TestCerts;

/// <summary>
/// basicConstraints (RFC 5280 4.2.1.9). Leave <see cref="CertRequest.BasicConstraints"/> null to omit the
/// extension entirely (QEMU's "CA5": a CA without it, which QEMU rejects).
/// </summary>
/// <param name="Critical">Whether the extension is marked critical (QEMU ignores this flag).</param>
/// <param name="IsCA">cA = TRUE: the certificate may issue others.</param>
/// <param name="PathLength">pathLenConstraint, or null for none.</param>
public sealed record BasicConstraintsExtension(bool Critical, bool IsCA, int? PathLength = null)
{
    /// <summary>BC critical, CA = TRUE: what QEMU's tests put on every good CA.</summary>
    public static BasicConstraintsExtension CriticalCA { get; } = new(true, true);

    /// <summary>BC critical, CA = FALSE: what QEMU's tests put on every leaf.</summary>
    public static BasicConstraintsExtension CriticalLeaf { get; } = new(true, false);
}
