using Qcrypto.Cryptodev.Algorithms;
using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Wire;
using Qcrypto.Objects;
using Qcrypto.Objects.Schema;

namespace Qcrypto.Cryptodev.Builtin;

/// <summary>
/// cryptodev-backend-builtin: computes in the emulator process, every queue in parallel. Unlike
/// QEMU 7.2's (AES ECB/CBC/CTR/XTS, 3DES and RSA on one queue, HASH and MAC advertised but refused),
/// it runs every service of the spec and advertises exactly what runs on this host: CIPHER (AES
/// ECB/CBC/CTR/XTS, 3DES ECB/CBC/CTR, and chaining with a hash or MAC), HASH (MD5, SHA-1, SHA-2,
/// SHA-3, SHAKE), MAC (HMAC, CMAC-AES, GMAC-AES), AEAD (GCM, CCM, ChaCha20-Poly1305) and AKCIPHER
/// (RSA, ECDSA).
/// </summary>
internal sealed class CryptodevBackendBuiltin : CryptodevBackend
{
    public const string QomType = "cryptodev-backend-builtin";

    /// <summary>CRYPTODEV_BUITLIN_MAX_CIPHER_KEY_LEN (sic): 64, enough for AES-256-XTS.</summary>
    public const uint MaxCipherKeyLen = 64;

    /// <summary>CRYPTODEV_BUITLIN_MAX_AUTH_KEY_LEN: 512.</summary>
    public const uint MaxAuthKeyLen = 512;

    /// <summary>AKCIPHER keys (DER) up to this size: an RSA-16384 private key fits.</summary>
    public const uint MaxAkcipherKeyLen = 16384;

    /// <summary>
    /// max_size: QEMU advertises about LONG_MAX and then allocates per request; we bound what one
    /// request may make us copy or hold.
    /// </summary>
    public const ulong MaxRequestSize = 64 * 1024 * 1024;

    private CryptodevBackendBuiltin(ObjectType type, string id)
        : base(type, id)
    {
    }

    /// <summary>
    /// The type: its schema as qcrypto runs it (QEMU 7.2's queues, QEMU 8.0's throttle-bps and throttle-ops,
    /// and our max-sessions; QEMU 7.2's one-queue rule is a warning, see OnComplete) and its factory.
    /// </summary>
    public static ObjectType Definition { get; } = new(
        new ObjectTypeSchema(QomType, "virtio-crypto backend computing in the emulator", [
            PropertySchema.Of(PropertyKind.UInt32, "queues", "number of queues (1..64; QEMU 7.2 takes only 1)") with { Default = "1" },
            PropertySchema.Of(PropertyKind.UInt64, "throttle-bps", "bytes per second (0: unlimited; QEMU 8.0+)") with { Default = "0" },
            PropertySchema.Of(PropertyKind.UInt64, "throttle-ops", "operations per second (0: unlimited; QEMU 8.0+)") with { Default = "0" },
            PropertySchema.Of(PropertyKind.UInt32, "max-sessions", "session limit (qcrypto extension; QEMU: 256)") with { Default = "256" },
        ])
        {
            // cryptodev_backend_set_queues's message, and ours for max-sessions.
            SetterChecks = [PropertyCheck.NotZero(QomType, "queues"), PropertyCheck.NotZero(QomType, "max-sessions")],
            CompletionChecks =
            [
                new CompletionCheck(v => v.TryGetValue("queues", out var q) && q.Number > MaxQueues
                    ? ("queues", $"Only support up to {MaxQueues} queues in cryptodev-builtin backend") : null),
                new CompletionCheck(v => v.TryGetValue("max-sessions", out var m) && m.Number > MaxSessionsLimit
                    ? ("max-sessions", $"Only support up to {MaxSessionsLimit} sessions in cryptodev-builtin backend") : null),
            ],
        },
        (type, id) => new CryptodevBackendBuiltin(type, id));

    public override string ClientType => "builtin";

    protected override CryptodevBackendConfig BuildConfig()
    {
        ulong cipher = 0;
        foreach (var algo in SymmetricCipher.Supported)
        {
            cipher |= 1UL << (int)algo;
        }

        uint hash = 0;
        foreach (var algo in Authenticator.SupportedHashes.Where(Authenticator.IsAvailable))
        {
            hash |= 1u << (int)algo;
        }

        ulong mac = 0;
        foreach (var algo in Authenticator.SupportedMacs.Where(Authenticator.IsAvailable))
        {
            mac |= 1UL << (int)algo;
        }

        uint aead = 0;
        foreach (var algo in AeadCipher.Supported.Where(AeadCipher.IsAvailable))
        {
            aead |= 1u << (int)algo;
        }

        uint akcipher = 0;
        foreach (var algo in Akcipher.Supported)
        {
            akcipher |= 1u << (int)algo;
        }

        uint services = 0;
        services |= cipher != 0 ? 1u << (int)VirtioCryptoService.VIRTIO_CRYPTO_SERVICE_CIPHER : 0;
        services |= hash != 0 ? 1u << (int)VirtioCryptoService.VIRTIO_CRYPTO_SERVICE_HASH : 0;
        services |= mac != 0 ? 1u << (int)VirtioCryptoService.VIRTIO_CRYPTO_SERVICE_MAC : 0;
        services |= aead != 0 ? 1u << (int)VirtioCryptoService.VIRTIO_CRYPTO_SERVICE_AEAD : 0;
        services |= akcipher != 0 ? 1u << (int)VirtioCryptoService.VIRTIO_CRYPTO_SERVICE_AKCIPHER : 0;
        return new CryptodevBackendConfig
        {
            CryptoServices = services,
            CipherAlgos = cipher,
            HashAlgos = hash,
            MacAlgos = mac,
            AeadAlgos = aead,
            AkcipherAlgos = akcipher,
            MaxCipherKeyLen = MaxCipherKeyLen,
            MaxAuthKeyLen = MaxAuthKeyLen,
            MaxAkcipherKeyLen = MaxAkcipherKeyLen,
            MaxSize = MaxRequestSize,
        };
    }

    protected override VirtioCryptoStatus BuildSession(in SessionRequest request, ReadOnlySpan<byte> cipherKey, ReadOnlySpan<byte> authKey, out CryptoSession? session) =>
        BuiltinSessions.Build(request, cipherKey, authKey, Config.MaxSize, out session);

    internal override VirtioCryptoStatus BuildStatelessSession(in SessionRequest request, ReadOnlySpan<byte> cipherKey, ReadOnlySpan<byte> authKey, out CryptoSession? session) =>
        BuiltinSessions.Build(request, cipherKey, authKey, Config.MaxSize, out session);

    protected override void OnComplete(ObjectRegistry registry)
    {
        base.OnComplete(registry);
        if (Queues > 1)
        {
            Warn("cryptodev-queues", $"queues={Queues}: QEMU 7.2's cryptodev-backend-builtin refuses this (\"Only support one queue in cryptdov-builtin backend\")",
                "fine with qcrypto; for QEMU keep queues=1");
        }

        if (Throttle.IsEnabled)
        {
            Warn("cryptodev-throttle", "throttle-bps/throttle-ops exist since QEMU 8.0; QEMU 7.2 rejects them", "remove them for QEMU 7.2");
        }

        if (Get("max-sessions") is not null)
        {
            Warn("cryptodev-max-sessions", "max-sessions is a qcrypto extension (QEMU's limit is a fixed 256)", "remove it for QEMU");
        }
    }
}
