using Qcrypto.Cryptodev.Builtin;
using Qcrypto.Objects;
using Qcrypto.Objects.Schema;

namespace Qcrypto.Cryptodev;

/// <summary>
/// Registers the object types of the cryptodev family: cryptodev-backend-builtin (its schema sits beside
/// its implementation), and the members validated only with QEMU 7.2's schema: the abstract
/// cryptodev-backend (QEMU 7.2 still creates it from -object; it does nothing), cryptodev-vhost-user
/// (the live front-end, which connects when created, is registered over it by
/// <see cref="VhostUser.VhostUserObjectTypes.AddVhostUser"/>), and cryptodev-backend-lkcf (a name QEMU
/// 7.2 parses but has no class for).
/// </summary>
public static class CryptodevObjectTypes
{
    private static readonly ObjectType Backend = ObjectType.SchemaOnly(new ObjectTypeSchema(
        "cryptodev-backend", "the generic virtio-crypto backend (does nothing)", [Queues()])
    {
        SetterChecks = [PropertyCheck.NotZero("cryptodev-backend", "queues")],
    });

    private static readonly ObjectType VhostUser = ObjectType.SchemaOnly(new ObjectTypeSchema(
        "cryptodev-vhost-user", "virtio-crypto backend in a vhost-user process", [
            Queues(),
            PropertySchema.Str("chardev", "id of the unix socket chardev to the vhost-user server") with { Required = true },
        ])
    {
        SetterChecks = [PropertyCheck.NotZero("cryptodev-vhost-user", "queues")],
    });

    private static readonly ObjectType Lkcf = ObjectType.WithoutClass(new ObjectTypeSchema(
        "cryptodev-backend-lkcf", "virtio-crypto backend on the Linux kernel crypto API", [
            PropertySchema.Of(PropertyKind.UInt32, "queues", "number of queues"),
        ]));

    /// <summary>Adds the types of Qcrypto.Cryptodev to <paramref name="catalog"/>.</summary>
    public static ObjectTypeCatalog AddCryptodev(this ObjectTypeCatalog catalog) => catalog
        .Register(Backend)
        .Register(CryptodevBackendBuiltin.Definition)
        .Register(VhostUser)
        .Register(Lkcf);

    /// <summary>QAPI CryptodevBackendProperties: queues.</summary>
    private static PropertySchema Queues() => PropertySchema.Of(PropertyKind.UInt32, "queues", "number of queues") with { Default = "1" };
}
