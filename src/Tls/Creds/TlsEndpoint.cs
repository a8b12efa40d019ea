namespace Qcrypto.Tls.Creds;

/// <summary>QCryptoTLSCredsEndpoint: which side of the connection the credentials are for.</summary>
public enum TlsEndpoint
{
    Client,
    Server,
}
