namespace Qcrypto.Tls.Sessions;

/// <summary>Where in a session a failure happened.</summary>
public enum TlsStage
{
    /// <summary>During the handshake (before either side could send application data).</summary>
    Handshake,

    /// <summary>Reading application data, after our side of the handshake completed.</summary>
    Read,

    /// <summary>Writing application data, after our side of the handshake completed.</summary>
    Write,
}
