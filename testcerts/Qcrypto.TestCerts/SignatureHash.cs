namespace Qcrypto.TestCerts;

/// <summary>The digest the issuer signs with.</summary>
public enum SignatureHash
{
    /// <summary>SHA-256: the default, and what QEMU's tests use.</summary>
    Sha256,

    /// <summary>SHA-384.</summary>
    Sha384,

    /// <summary>SHA-512.</summary>
    Sha512,

    /// <summary>SHA-1: only for "weak signature" cases; modern verifiers reject it.</summary>
    Sha1,
}
