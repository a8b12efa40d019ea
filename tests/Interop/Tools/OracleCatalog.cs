using Qcrypto.Composition;
using Qcrypto.Objects;
using Qcrypto.Objects.Schema;

namespace Qcrypto.Interop.Tests.Tools;

/// <summary>
/// The catalog the QEMU oracles compare with: qcrypto's (<see cref="QcryptoCatalog"/>) with QEMU 7.2's own schema
/// where qcrypto deliberately goes further (README, deliberate differences): cryptodev-backend-builtin with QEMU
/// 7.2's one-queue rule (we run up to 64 queues and warn), and authz-listfile validated only (QEMU 7.2 cannot
/// create it from -object; we load the file and warn).
/// </summary>
internal static class OracleCatalog
{
    public static ObjectTypeCatalog Create()
    {
        var catalog = QcryptoCatalog.Create();
        var builtin = catalog.Find("cryptodev-backend-builtin")!.Schema;
        catalog.Register(ObjectType.SchemaOnly(new ObjectTypeSchema(builtin.Name, builtin.Description, [.. builtin.Properties.Where(p => p.Name == "queues")])
        {
            SetterChecks = [PropertyCheck.NotZero(builtin.Name, "queues")],
            CompletionChecks =
            [
                new CompletionCheck(v => v.TryGetValue("queues", out var q) && q.Number != 1
                    ? ("queues", "Only support one queue in cryptdov-builtin backend") : null),
            ],
        }));
        catalog.Register(ObjectType.SchemaOnly(catalog.Find("authz-listfile")!.Schema));
        return catalog;
    }

    public static ObjectRegistry CreateRegistry() => new(Create(), new ObjectRegistryOptions { AllowWorldReadableSecretFiles = true });
}
