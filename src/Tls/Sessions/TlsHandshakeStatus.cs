namespace Qcrypto.Tls.Sessions;

/// <summary>Where a non-blocking handshake stands (QEMU's QCryptoTLSSessionHandshakeStatus).</summary>
public enum TlsHandshakeStatus
{
    /// <summary>Done: the session can carry data (after <see cref="TlsSession.CheckCredentials"/>).</summary>
    Complete = 0,

    /// <summary>Call again when the transport can take more data.</summary>
    WantsWrite = 1,

    /// <summary>Call again when the transport has data.</summary>
    WantsRead = 2,
}
