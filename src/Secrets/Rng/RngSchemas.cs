using Qcrypto.Objects.Schema;

namespace Qcrypto.Rng;

/// <summary>The schemas of rng-builtin, rng-random and rng-egd, as QEMU 7.2 declares them in qapi/qom.json.</summary>
internal static class RngSchemas
{
    public static ObjectTypeSchema Builtin { get; } = new("rng-builtin", "entropy from QEMU's own generator", [Opened("rng-builtin")]);

    public static ObjectTypeSchema Egd { get; } = new("rng-egd", "entropy from an EGD daemon behind a chardev", [
        Opened("rng-egd"),
        PropertySchema.Str("chardev", "id of the chardev connected to the daemon") with { Required = true },
    ]);

    public static ObjectTypeSchema Random { get; } = new("rng-random", "entropy from a host device", [
        Opened("rng-random"),
        PropertySchema.Str("filename", "entropy source") with { Default = "/dev/urandom" },
    ]);

    private static PropertySchema Opened(string type) =>
        PropertySchema.Bool("opened", $"deprecated, read-only ('{type}.opened' is not writable)") with { IsReadOnly = true };
}
