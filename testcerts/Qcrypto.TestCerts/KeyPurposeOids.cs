namespace Qcrypto.TestCerts;

/// <summary>extendedKeyUsage purposes QEMU looks at (RFC 5280 4.2.1.12).</summary>
public static class KeyPurposeOids
{
    /// <summary>id-kp-serverAuth (GNUTLS_KP_TLS_WWW_SERVER).</summary>
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";

    /// <summary>id-kp-clientAuth (GNUTLS_KP_TLS_WWW_CLIENT).</summary>
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    /// <summary>anyExtendedKeyUsage (GNUTLS_KP_ANY): QEMU treats it as both client and server.</summary>
    public const string AnyExtendedKeyUsage = "2.5.29.37.0";
}
