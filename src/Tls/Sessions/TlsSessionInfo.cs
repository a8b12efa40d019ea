namespace Qcrypto.Tls.Sessions;

/// <summary>What a completed handshake negotiated, and who the peer is.</summary>
public sealed record TlsSessionInfo(string Protocol, string Cipher, string KeyExchange, string Description, string? PeerName);
