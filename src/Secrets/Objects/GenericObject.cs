using Qcrypto.Errors;
using Qcrypto.Objects.Schema;

namespace Qcrypto.Objects;

/// <summary>
/// An object of a type this library validates but does not run (memory backends, filters, ...): it
/// holds its typed values and applies the type's QEMU completion checks.
/// </summary>
public sealed class GenericObject : UserCreatable
{
    public GenericObject(ObjectType type, string id)
        : base(type, id)
    {
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
    }
}
