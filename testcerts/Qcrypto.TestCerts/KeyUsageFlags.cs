namespace Qcrypto.TestCerts;

/// <summary>
/// keyUsage bits (RFC 5280 4.2.1.3). The values are this library's own; they are mapped to the DER bit
/// string when the certificate is built.
/// </summary>
[Flags]
public enum KeyUsageFlags
{
    /// <summary>No bit set: an empty keyUsage (QEMU's badserver3/badclient3 "KU critical, value 0").</summary>
    None = 0,

    /// <summary>digitalSignature: needed by TLS leaves (ECDHE, TLS 1.3).</summary>
    DigitalSignature = 1 << 0,

    /// <summary>nonRepudiation (contentCommitment).</summary>
    NonRepudiation = 1 << 1,

    /// <summary>keyEncipherment: RSA key transport; QEMU 7.2 requires it on a leaf whose keyUsage is critical.</summary>
    KeyEncipherment = 1 << 2,

    /// <summary>dataEncipherment.</summary>
    DataEncipherment = 1 << 3,

    /// <summary>keyAgreement.</summary>
    KeyAgreement = 1 << 4,

    /// <summary>keyCertSign: the key may sign certificates (CAs).</summary>
    KeyCertSign = 1 << 5,

    /// <summary>cRLSign: the key may sign CRLs.</summary>
    CrlSign = 1 << 6,

    /// <summary>encipherOnly.</summary>
    EncipherOnly = 1 << 7,

    /// <summary>decipherOnly.</summary>
    DecipherOnly = 1 << 8,
}
