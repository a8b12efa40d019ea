using Qcrypto.Cryptodev.Device;
using Qcrypto.Objects;

namespace Qcrypto.Cryptodev.VhostUser.Backend;

/// <summary>How a <see cref="VhostUserCryptoServer"/> serves.</summary>
public sealed record VhostUserServerOptions
{
    /// <summary>The unix socket to listen on (a stale socket file there is replaced).</summary>
    public required string SocketPath { get; init; }

    /// <summary>Data queues offered (GET_QUEUE_NUM), 1..64; each served by a thread of its own.</summary>
    public int Queues { get; init; } = 1;

    /// <summary>
    /// The registry the per-connection backends are created in (its KeyStore holds the session keys);
    /// the host may have filled it with its own objects first.
    /// </summary>
    public required ObjectRegistry Registry { get; init; }

    /// <summary>Extra properties of each connection's cryptodev-backend-builtin (throttle-ops, max-sessions, ...).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> BackendProperties { get; init; } = [];

    /// <summary>Front-ends served at once; more wait in the listen backlog.</summary>
    public int MaxConnections { get; init; } = 16;

    /// <summary>Offer VHOST_USER_PROTOCOL_F_CONFIG (GET_CONFIG): QEMU 7.2 warns that it does not use it, harmlessly.</summary>
    public bool OfferConfig { get; init; } = true;

    /// <summary>The virtio-crypto feature bits offered besides the ring ones.</summary>
    public ulong CryptoFeatures { get; init; } = (ulong)VirtioCryptoDevice.OfferedFeatures;

    /// <summary>Where events go (the CLI prints them on stderr).</summary>
    public Action<VhostUserLogEntry>? Log { get; init; }
}
