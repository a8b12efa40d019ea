namespace Qcrypto.TestCerts;

/// <summary>The key types a test certificate can carry.</summary>
public enum KeyAlgorithm
{
    /// <summary>RSA with a 1024-bit modulus: too weak today, kept for "weak key" cases.</summary>
    Rsa1024,

    /// <summary>RSA with a 2048-bit modulus: what QEMU's own tests use (they share one key).</summary>
    Rsa2048,

    /// <summary>RSA with a 3072-bit modulus.</summary>
    Rsa3072,

    /// <summary>RSA with a 4096-bit modulus.</summary>
    Rsa4096,

    /// <summary>ECDSA on NIST P-256: cheap to generate, the default when the key type does not matter.</summary>
    EcdsaP256,

    /// <summary>ECDSA on NIST P-384.</summary>
    EcdsaP384,
}
