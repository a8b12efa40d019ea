using Qcrypto.Errors;
using Qcrypto.Objects.Schema;

namespace Qcrypto.Objects;

/// <summary>
/// An object of a type this library validates but does not run (memory backends, filters, ...): it
/// holds its typed values and applies the type's QEMU completion checks. For QEMU types qcrypto does not
/// model it says so; for a name QEMU 7.2 has no class for it fails as QEMU does.
/// </summary>
public sealed class GenericObject : UserCreatable
{
    public GenericObject(ObjectType type, string id)
        : base(type, id)
    {
    }

    protected override void OnComplete(ObjectRegistry registry)
    {
        if (Type.QemuHasNoClass)
        {
            throw new ObjectException(ErrorCodes.NoSuchClass, $"invalid object type: {TypeName}", Id, "qom-type",
                $"QEMU 7.2's -object parser knows the name {TypeName}, but Debian's qemu-system-x86_64 7.2 has no such object (another target or build option provides it)");
        }

        var values = Values.ToDictionary(v => v.Property.Name, v => v.Value, StringComparer.Ordinal);
        foreach (var check in Type.Schema.CompletionChecks)
        {
            if (check.Check(values, registry) is { } failure)
            {
                throw new ObjectException(ErrorCodes.ObjectInvalid, failure.Message, Id, failure.Property);
            }
        }

        if (!Type.IsModelled)
        {
            Warn("type-not-modelled",
                $"qcrypto does not model {TypeName} (a QEMU 7.2 type): its options were checked as QEMU checks them, what QEMU does when it creates it was not",
                "QEMU may still refuse this object when it creates it; try the line with the emulator itself");
        }
    }
}
