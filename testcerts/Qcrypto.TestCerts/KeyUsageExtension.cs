namespace Qcrypto.TestCerts;

/// <summary>keyUsage. Leave <see cref="CertRequest.KeyUsage"/> null to omit the extension.</summary>
/// <param name="Critical">QEMU only enforces keyUsage when it is critical.</param>
/// <param name="Flags">The bits to set; <see cref="KeyUsageFlags.None"/> writes an empty bit string.</param>
public sealed record KeyUsageExtension(bool Critical, KeyUsageFlags Flags);
