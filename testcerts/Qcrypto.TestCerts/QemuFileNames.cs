namespace Qcrypto.TestCerts;

/// <summary>The file names QEMU looks for in a TLS credentials directory (include/crypto/tlscreds*.h).</summary>
public static class QemuFileNames
{
    /// <summary>QCRYPTO_TLS_CREDS_X509_CA_CERT: one or more CA certificates, PEM, concatenated.</summary>
    public const string CaCert = "ca-cert.pem";

    /// <summary>QCRYPTO_TLS_CREDS_X509_CA_CRL: optional, server side only.</summary>
    public const string CaCrl = "ca-crl.pem";

    /// <summary>QCRYPTO_TLS_CREDS_X509_SERVER_CERT.</summary>
    public const string ServerCert = "server-cert.pem";

    /// <summary>QCRYPTO_TLS_CREDS_X509_SERVER_KEY.</summary>
    public const string ServerKey = "server-key.pem";

    /// <summary>QCRYPTO_TLS_CREDS_X509_CLIENT_CERT.</summary>
    public const string ClientCert = "client-cert.pem";

    /// <summary>QCRYPTO_TLS_CREDS_X509_CLIENT_KEY.</summary>
    public const string ClientKey = "client-key.pem";

    /// <summary>QCRYPTO_TLS_CREDS_DH_PARAMS: PKCS#3 PEM, optional, server side only.</summary>
    public const string DhParams = "dh-params.pem";

    /// <summary>QCRYPTO_TLS_CREDS_PSKFILE: "username:hexkey" lines.</summary>
    public const string PskKeys = "keys.psk";

    /// <summary>Whether the file holds secret material and so gets the private file mode by default.</summary>
    public static bool IsSecret(string name) => name is ServerKey or ClientKey or PskKeys;

    /// <summary>The certificate file name for an endpoint.</summary>
    public static string CertFor(Endpoint endpoint) => endpoint == Endpoint.Server ? ServerCert : ClientCert;

    /// <summary>The key file name for an endpoint.</summary>
    public static string KeyFor(Endpoint endpoint) => endpoint == Endpoint.Server ? ServerKey : ClientKey;
}
