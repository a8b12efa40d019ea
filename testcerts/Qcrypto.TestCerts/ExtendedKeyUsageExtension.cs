namespace Qcrypto.TestCerts;

/// <summary>extendedKeyUsage. Leave <see cref="CertRequest.ExtendedKeyUsage"/> null to omit the extension.</summary>
/// <param name="Critical">QEMU only enforces the purpose when the extension is critical.</param>
/// <param name="Oids">Purposes in the order they are written (see <see cref="KeyPurposeOids"/>).</param>
public sealed record ExtendedKeyUsageExtension(bool Critical, IReadOnlyList<string> Oids)
{
    /// <summary>A purpose list written in the given order.</summary>
    public ExtendedKeyUsageExtension(bool critical, params string[] oids)
        : this(critical, (IReadOnlyList<string>)oids)
    {
    }
}
