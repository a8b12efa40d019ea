namespace Qcrypto.Cryptodev.Backend;

/// <summary>One client (queue) of a backend, as query-cryptodev lists it.</summary>
public sealed record CryptodevClientInfo(int Queue, string Type);

/// <summary>QMP query-cryptodev's QCryptodevInfo: id, services (cipher, hash, mac, aead, akcipher) and clients.</summary>
public sealed record CryptodevInfo(string Id, IReadOnlyList<string> Services, IReadOnlyList<CryptodevClientInfo> Clients);
