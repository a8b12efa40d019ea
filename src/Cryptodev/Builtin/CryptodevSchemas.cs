using Qcrypto.Objects.Schema;

namespace Qcrypto.Cryptodev.Builtin;

/// <summary>
/// The schema of cryptodev-backend-builtin as qcrypto runs it: QEMU 7.2's queues, QEMU 8.0's
/// throttle-bps and throttle-ops, and our max-sessions. It replaces the seed schema (which holds
/// QEMU 7.2's one-queue rule) when the type is registered.
/// </summary>
internal static class CryptodevSchemas
{
    public static ObjectTypeSchema Builtin() => new(
        "cryptodev-backend-builtin",
        "virtio-crypto backend computing in the emulator",
        [
            PropertySchema.Of(PropertyKind.UInt32, "queues", "number of queues (1..64; QEMU 7.2 takes only 1)") with { Default = "1" },
            PropertySchema.Of(PropertyKind.UInt64, "throttle-bps", "bytes per second (0: unlimited; QEMU 8.0+)") with { Default = "0" },
            PropertySchema.Of(PropertyKind.UInt64, "throttle-ops", "operations per second (0: unlimited; QEMU 8.0+)") with { Default = "0" },
            PropertySchema.Of(PropertyKind.UInt32, "max-sessions", "session limit (qcrypto extension; QEMU: 256)") with { Default = "256" },
        ])
    {
        SetterChecks =
        [
            NotZero("queues"),
            NotZero("max-sessions"),
        ],
        CompletionChecks =
        [
            new CompletionCheck(v => v.TryGetValue("queues", out var q) && q.Number > Backend.CryptodevBackend.MaxQueues
                ? ("queues", $"Only support up to {Backend.CryptodevBackend.MaxQueues} queues in cryptodev-builtin backend") : null),
            new CompletionCheck(v => v.TryGetValue("max-sessions", out var m) && m.Number > Backend.CryptodevBackend.MaxSessionsLimit
                ? ("max-sessions", $"Only support up to {Backend.CryptodevBackend.MaxSessionsLimit} sessions in cryptodev-builtin backend") : null),
        ],
    };

    /// <summary>QEMU's message for a uint property that must be positive (cryptodev_backend_set_queues).</summary>
    private static PropertyCheck NotZero(string property) =>
        new(property, v => v.Number == 0 ? $"Property 'cryptodev-backend-builtin.{property}' doesn't take value '0'" : null);
}
