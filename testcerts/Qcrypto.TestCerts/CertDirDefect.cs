namespace Qcrypto.TestCerts;

/// <summary>What is wrong with a broken credentials directory (the findings a directory checker should make).</summary>
public enum CertDirDefect
{
    /// <summary>Nothing: a well-formed directory (it may still be one QEMU rejects for policy reasons).</summary>
    None,

    /// <summary>ca-crl.pem revokes the directory's own certificate.</summary>
    RevokedOwnCert,

    /// <summary>The own certificate was issued by a CA that is not in ca-cert.pem.</summary>
    WrongCa,

    /// <summary>The key file holds a key that is not the certificate's.</summary>
    KeyCertMismatch,

    /// <summary>The key file is readable by group and others (0644).</summary>
    WorldReadableKey,

    /// <summary>The own certificate is signed with SHA-1.</summary>
    Sha1Signature,

    /// <summary>The own certificate carries a 1024-bit RSA key.</summary>
    WeakRsaKey,

    /// <summary>The certificate file holds its chain with the intermediate before the leaf.</summary>
    ChainOutOfOrder,

    /// <summary>The own certificate expires within days.</summary>
    ExpiresSoon,

    /// <summary>The key is encrypted PKCS#8 (loadable only with passwordid=).</summary>
    EncryptedKey,

    /// <summary>A PEM file is cut off in the middle.</summary>
    TruncatedPem,

    /// <summary>A file that should be PEM holds DER.</summary>
    DerInsteadOfPem,

    /// <summary>A file holds random bytes.</summary>
    GarbageBytes,

    /// <summary>dh-params.pem holds a 1024-bit group.</summary>
    WeakDhParams,

    /// <summary>ca-cert.pem also holds an expired CA that is not in the own certificate's chain.</summary>
    ExpiredCaInBundle,

    /// <summary>ca-crl.pem is past its nextUpdate.</summary>
    ExpiredCrl,
}
