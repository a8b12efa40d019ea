namespace Qcrypto.TestCerts;

/// <summary>Which QEMU credentials object a session scenario uses.</summary>
public enum CredsType
{
    /// <summary>tls-creds-x509.</summary>
    X509,

    /// <summary>tls-creds-psk.</summary>
    Psk,
}
