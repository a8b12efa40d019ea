using System.Globalization;
using Qcrypto.Errors;
using Qcrypto.SecretObjects.Native;
using Qcrypto.Keys;
using Qcrypto.Objects;
using Qcrypto.Objects.Schema;

namespace Qcrypto.SecretObjects;

/// <summary>
/// The <c>secret_keyring</c> object (QEMU crypto/secret_keyring.c): the secret is the payload of a
/// Linux kernel key, read with keyctl(KEYCTL_READ) when the object completes.
/// </summary>
public sealed class SecretKeyring : SecretCommon
{
    private SecretKeyring(ObjectType type, string id)
        : base(type, id)
    {
    }

    public static ObjectType Definition { get; } = new(SeedSchemas.SecretKeyring(), (type, id) => new SecretKeyring(type, id));

    public int Serial { get; private set; }

    protected override string SourceProperty => "serial";

    protected override void OnPropertySet(PropertySchema property, PropertyValue value)
    {
        if (property.Name == "serial")
        {
            Serial = value.AsInt32;
        }
        else
        {
            base.OnPropertySet(property, value);
        }
    }

    protected override SecretBuffer LoadData(ObjectRegistry registry)
    {
        if (Serial == 0)
        {
            throw new SecretException(ErrorCodes.Keyring, "'serial' parameter must be provided", Id, "serial");
        }

        try
        {
            return Keyctl.Read(Serial);
        }
        catch (KeyctlException e)
        {
            var serial = ((uint)Serial).ToString("x8", CultureInfo.InvariantCulture);
            throw new SecretException(ErrorCodes.Keyring, $"Unable to read serial key {serial}: {e.Message}", Id, "serial",
                e.Errno switch
                {
                    Keyctl.ENOKEY => "no such key: check the serial with 'keyctl show' (keys in a session keyring vanish with the session)",
                    Keyctl.EKEYEXPIRED => "the key has expired: add it again (keyctl add/padd) or extend its timeout",
                    Keyctl.EKEYREVOKED => "the key was revoked: add a new key and use its serial",
                    Keyctl.EACCES => "this user may not read the key: it needs the 'read' permission (keyctl setperm)",
                    _ => null,
                },
                e);
        }
    }
}
