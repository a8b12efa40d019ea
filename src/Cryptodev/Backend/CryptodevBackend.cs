using Qcrypto.Cryptodev.Wire;
using Qcrypto.Errors;
using Qcrypto.Keys;
using Qcrypto.Objects;
using Qcrypto.Objects.Schema;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Backend;

/// <summary>
/// Base of every cryptodev backend (QEMU's TYPE_CRYPTODEV_BACKEND): queues (1..64 clients), the
/// session table with its limit, session keys in the shared <see cref="KeyStore"/>, statistics,
/// throttling, the query-cryptodev view, and the "in use" rule (a backend a device uses, or that
/// has sessions, cannot be deleted). Subclasses say what they offer and build sessions.
/// </summary>
public abstract class CryptodevBackend : UserCreatable
{
    /// <summary>QEMU's MAX_CRYPTO_QUEUE_NUM.</summary>
    public const int MaxQueues = 64;

    /// <summary>QEMU builtin's MAX_NUM_SESSIONS, our default session limit.</summary>
    public const int DefaultMaxSessions = 256;

    /// <summary>The highest session limit we accept (the session id's slot part is 32 bits; memory is the real bound).</summary>
    public const int MaxSessionsLimit = 65536;

    private SessionTable? _sessions;
    private long _keyCounter;
    private int _device;

    protected CryptodevBackend(ObjectType type, string id)
        : base(type, id)
    {
    }

    public int Queues { get; private set; } = 1;

    public int MaxSessions { get; private set; } = DefaultMaxSessions;

    public CryptodevThrottle Throttle { get; } = new();

    public CryptodevStatistics Statistics { get; private set; } = new(1);

    /// <summary>What the backend offers; set by <see cref="OnComplete"/>.</summary>
    public CryptodevBackendConfig Config { get; private set; } = new();

    /// <summary>The client type query-cryptodev reports (QCryptodevBackendType: builtin, vhost-user, lkcf).</summary>
    public abstract string ClientType { get; }

    public int SessionCount => _sessions?.Count ?? 0;

    /// <summary>Ready once completed and until disposed (the device shows VIRTIO_CRYPTO_S_HW_READY).</summary>
    public bool IsReady { get; private set; }

    public override bool IsInUse => base.IsInUse || SessionCount > 0;

    /// <summary>A virtio-crypto device uses this backend (QEMU's cryptodev_backend_is_used).</summary>
    public bool IsUsedByDevice => Volatile.Read(ref _device) != 0;

    /// <summary>The session table the device looks sessions up in (null before completion).</summary>
    internal SessionTable? Sessions => _sessions;

    /// <summary>The query-cryptodev entry of this backend.</summary>
    public CryptodevInfo Info => new(
        Id,
        [.. new[] { "cipher", "hash", "mac", "aead", "akcipher" }.Where((_, i) => Config.Offers((VirtioCryptoService)i))],
        [.. Enumerable.Range(0, Queues).Select(q => new CryptodevClientInfo(q, ClientType))]);

    /// <summary>QEMU's query-cryptodev: every backend in <paramref name="registry"/>.</summary>
    public static IReadOnlyList<CryptodevInfo> Query(ObjectRegistry registry) => [.. registry.OfType<CryptodevBackend>().Select(b => b.Info)];

    /// <summary>
    /// Creates a session. NOSPC when the table is full and REVISION_1 was negotiated, ERR otherwise
    /// (QEMU: "Total number of sessions created exceeds 256"); NOTSUPP or ERR from the backend.
    /// </summary>
    public VirtioCryptoStatus CreateSession(in SessionRequest request, ReadOnlySpan<byte> cipherKey, ReadOnlySpan<byte> authKey, bool revision1, out ulong sessionId)
    {
        sessionId = 0;
        var sessions = _sessions;
        if (sessions is null || !IsReady)
        {
            return VIRTIO_CRYPTO_ERR;
        }

        if (sessions.Count >= sessions.Limit)
        {
            return revision1 ? VIRTIO_CRYPTO_NOSPC : VIRTIO_CRYPTO_ERR;
        }

        // The key material goes into the shared key store first; the primitives are built from the lease.
        KeyLease? lease = null;
        string? keyId = null;
        var store = Registry!.Keys;
        if (cipherKey.Length + authKey.Length > 0)
        {
            var buffer = SecretBuffer.Allocate(cipherKey.Length + authKey.Length);
            cipherKey.CopyTo(buffer.WritableSpan);
            authKey.CopyTo(buffer.WritableSpan[cipherKey.Length..]);
            keyId = $"{Id}/session/{Interlocked.Increment(ref _keyCounter)}";
            store.Put(keyId, buffer);
            store.TryAcquire(keyId, out lease);
        }

        CryptoSession? session = null;
        VirtioCryptoStatus status;
        try
        {
            var bytes = lease is null ? default : lease.Bytes;
            status = BuildSession(request, bytes[..cipherKey.Length], bytes[cipherKey.Length..], out session);
        }
        finally
        {
            if (session is null)
            {
                lease?.Dispose();
                if (keyId is not null)
                {
                    store.Remove(keyId);
                }
            }
        }

        if (status != VIRTIO_CRYPTO_OK || session is null)
        {
            return status == VIRTIO_CRYPTO_OK ? VIRTIO_CRYPTO_ERR : status;
        }

        session.Key = lease;
        session.KeyStoreId = keyId;
        session.Store = store;
        if (!sessions.TryAdd(session))
        {
            // Filled up by a concurrent create since the check above.
            session.Release();
            return revision1 ? VIRTIO_CRYPTO_NOSPC : VIRTIO_CRYPTO_ERR;
        }

        sessionId = session.Id;
        return VIRTIO_CRYPTO_OK;
    }

    /// <summary>Destroys a session: OK, or ERR for an id that is not a live session.</summary>
    public VirtioCryptoStatus CloseSession(ulong sessionId) =>
        _sessions is { } sessions && sessions.Remove(sessionId) ? VIRTIO_CRYPTO_OK : VIRTIO_CRYPTO_ERR;

    /// <summary>Destroys every session (a vhost-user front-end went away or reset the device).</summary>
    internal void CloseAllSessions() => _sessions?.Clear();

    /// <summary>The session with a reference held for one request; release it with <see cref="CryptoSession.Release"/>.</summary>
    internal bool TryAcquireSession(ulong sessionId, out CryptoSession? session)
    {
        session = null;
        return _sessions is { } sessions && sessions.TryAcquire(sessionId, out session);
    }

    /// <summary>
    /// A session for one stateless request (not in the table, keys not in the key store: they live
    /// as long as the request). NOTSUPP unless the backend runs stateless requests.
    /// </summary>
    internal virtual VirtioCryptoStatus BuildStatelessSession(in SessionRequest request, ReadOnlySpan<byte> cipherKey, ReadOnlySpan<byte> authKey, out CryptoSession? session)
    {
        session = null;
        return VIRTIO_CRYPTO_NOTSUPP;
    }

    /// <summary>
    /// Attaches a device (QEMU's realize of virtio-crypto with cryptodev=): one device at a time,
    /// as in QEMU; disposing the handle (the device's unrealize) frees the backend for another.
    /// </summary>
    /// <exception cref="CryptodevBackendInUseException">Another device uses the backend.</exception>
    internal IDisposable AttachDevice()
    {
        if (Interlocked.CompareExchange(ref _device, 1, 0) != 0)
        {
            throw new CryptodevBackendInUseException(Id);
        }

        return new DeviceAttachment(this, Use());
    }

    /// <summary>The virtio-crypto feature bits a device on this backend may offer (a vhost-user back-end decides its own).</summary>
    public virtual VirtioCryptoFeatures SupportedFeatures => VirtioCryptoFeatures.VIRTIO_CRYPTO_F_REVISION_1
        | VirtioCryptoFeatures.VIRTIO_CRYPTO_F_CIPHER_STATELESS_MODE | VirtioCryptoFeatures.VIRTIO_CRYPTO_F_HASH_STATELESS_MODE
        | VirtioCryptoFeatures.VIRTIO_CRYPTO_F_MAC_STATELESS_MODE | VirtioCryptoFeatures.VIRTIO_CRYPTO_F_AEAD_STATELESS_MODE
        | VirtioCryptoFeatures.VIRTIO_CRYPTO_F_AKCIPHER_STATELESS_MODE;

    /// <summary>A device attached with the features its driver accepted (a vhost-user front-end starts its rings).</summary>
    internal virtual void OnDeviceAttached(VirtioCryptoFeatures features)
    {
    }

    /// <summary>The device went (a vhost-user front-end stops its rings).</summary>
    internal virtual void OnDeviceDetached()
    {
    }

    /// <summary>QEMU's qom-set of throttle-bps/throttle-ops at run time (0 and 0 release the queue).</summary>
    public void SetThrottle(ulong bytesPerSecond, ulong opsPerSecond) => Throttle.Configure(bytesPerSecond, opsPerSecond);

    /// <summary>Builds a session's primitives from its keys (which live in the key store).</summary>
    protected abstract VirtioCryptoStatus BuildSession(in SessionRequest request, ReadOnlySpan<byte> cipherKey, ReadOnlySpan<byte> authKey, out CryptoSession? session);

    /// <summary>What this backend offers (called once, when the object completes).</summary>
    protected abstract CryptodevBackendConfig BuildConfig();

    protected override void OnPropertySet(PropertySchema property, PropertyValue value)
    {
        switch (property.Name)
        {
            case "queues":
                Queues = (int)Math.Min(value.AsUInt32, int.MaxValue);
                break;
            case "max-sessions":
                MaxSessions = (int)Math.Min(value.AsUInt32, int.MaxValue);
                break;
            case "throttle-bps":
                Throttle.Configure(value.AsUInt64, Throttle.OpsPerSecond);
                break;
            case "throttle-ops":
                Throttle.Configure(Throttle.BytesPerSecond, value.AsUInt64);
                break;
        }
    }

    protected override void OnComplete(ObjectRegistry registry)
    {
        var values = Values.ToDictionary(v => v.Property.Name, v => v.Value, StringComparer.Ordinal);
        foreach (var check in Type.Schema.CompletionChecks)
        {
            if (check.Check(values) is { } failure)
            {
                throw new ObjectException(ErrorCodes.ObjectInvalid, failure.Message, Id, failure.Property);
            }
        }

        Statistics = new CryptodevStatistics(Queues);
        Config = BuildConfig();
        _sessions = new SessionTable(MaxSessions);
        IsReady = true;
    }

    private sealed class DeviceAttachment(CryptodevBackend backend, IDisposable use) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                use.Dispose();
                Volatile.Write(ref backend._device, 0);
            }
        }
    }

    protected override void OnDispose()
    {
        IsReady = false;
        Throttle.Dispose();
        _sessions?.Clear();
    }
}
