using Qcrypto.Objects.Schema;

namespace Qcrypto.Cryptodev.VhostUser.Objects;

/// <summary>
/// cryptodev-vhost-user as qcrypto runs it: QEMU 7.2's queues and chardev, and our extensions
/// (session-layout, memdev, ring-size, timeout), each warned about as QEMU refuses it.
/// </summary>
internal static class VhostUserSchemas
{
    public const string Qemu72Layout = "qemu-7.2";
    public const string Qemu81Layout = "qemu-8.1";

    /// <summary>The frontend's type name (Frontend.CryptodevVhostUser.QomType).</summary>
    private const string QomType = "cryptodev-vhost-user";

    public static ObjectTypeSchema Frontend() => new(
        QomType,
        "virtio-crypto backend in a vhost-user process",
        [
            PropertySchema.Of(PropertyKind.UInt32, "queues", "number of queues (1..64; at most what the back-end offers)") with { Default = "1" },
            PropertySchema.Str("chardev", "id of the unix socket chardev to the vhost-user server (qcrypto: or the socket's path)") with { Required = true },
            PropertySchema.Enum("session-layout", "QcryptoVhostUserSessionLayout", "CREATE_CRYPTO_SESSION payload layout (qcrypto extension)", Qemu72Layout, Qemu81Layout) with { Default = Qemu72Layout },
            PropertySchema.Str("memdev", "memory-backend-memfd/-file (share=on) holding the rings and buffers (qcrypto extension; default: a memfd of our own)"),
            PropertySchema.Of(PropertyKind.UInt32, "ring-size", "descriptors per data queue, a power of two 2..32768 (qcrypto extension)") with { Default = "128" },
            PropertySchema.Of(PropertyKind.UInt32, "timeout", "milliseconds to wait for each reply of the back-end (qcrypto extension)") with { Default = "10000" },
        ])
    {
        SetterChecks =
        [
            PropertyCheck.NotZero(QomType, "queues"),
            PropertyCheck.NotZero(QomType, "timeout"),
            new PropertyCheck("ring-size", v => v.Number < 2 || v.Number > 32768 || (v.Number & (v.Number - 1)) != 0 ? "ring-size must be a power of two from 2 to 32768" : null),
        ],
        CompletionChecks =
        [
            new CompletionCheck(v => v.TryGetValue("queues", out var q) && q.Number > Qcrypto.Cryptodev.Backend.CryptodevBackend.MaxQueues
                ? ("queues", $"Only support up to {Qcrypto.Cryptodev.Backend.CryptodevBackend.MaxQueues} queues in cryptodev-vhost-user backend") : null),
        ],
    };
}
