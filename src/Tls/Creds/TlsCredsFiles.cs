namespace Qcrypto.Tls.Creds;

/// <summary>The well-known file names inside a credentials directory (QEMU's QCRYPTO_TLS_CREDS_*).</summary>
public static class TlsCredsFiles
{
    public const string CaCert = "ca-cert.pem";
    public const string CaCrl = "ca-crl.pem";
    public const string ServerCert = "server-cert.pem";
    public const string ServerKey = "server-key.pem";
    public const string ClientCert = "client-cert.pem";
    public const string ClientKey = "client-key.pem";
    public const string DhParams = "dh-params.pem";
    public const string PskFile = "keys.psk";
}
