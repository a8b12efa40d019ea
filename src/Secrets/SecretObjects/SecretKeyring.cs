using System.Globalization;
using Qcrypto.Errors;
using Qcrypto.Keys;
using Qcrypto.Objects;
using Qcrypto.Objects.Schema;
using Qcrypto.Posix;

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

    /// <summary>The type: its schema (QAPI SecretKeyringProperties, in member order) and its factory.</summary>
    public static ObjectType Definition { get; } = new(
        new ObjectTypeSchema(
            "secret_keyring",
            "a secret read from a Linux kernel keyring key",
            [
                .. CommonProperties("secret_keyring"),
                PropertySchema.Of(PropertyKind.Int32, "serial", "serial number of the kernel key (keyctl show)") with { Required = true },
            ])
        {
            SetterChecks = [new PropertyCheck("serial", v => v.Number == 0 ? "'serial' should not be equal to 0" : null)],
        },
        (type, id) => new SecretKeyring(type, id));

    private int _payloadLength;

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

    protected override void OnComplete(ObjectRegistry registry)
    {
        base.OnComplete(registry);
        if (Format == SecretFormat.Base64 && QemuOverreads(_payloadLength))
        {
            Warn("keyring-base64-overread",
                $"QEMU 7.2 refuses this key (\"Base64 data is not NUL terminated\"): it base64-decodes the {_payloadLength}-byte keyring payload "
                + "in a heap block of exactly that size and reads the byte after it, which is never a NUL for 24, 40, 56, ... bytes; qcrypto accepts it",
                "for QEMU 7.2, add a newline to the payload (base64 allows it), e.g. keyctl padd user NAME @u < file-with-newline");
        }
    }

    /// <summary>
    /// QEMU 7.2 keeps the payload in g_new0(char, n) and qbase64_decode checks input[n] == '\0'. glibc's
    /// heap blocks have 24, 40, 56, ... usable bytes (zeroed by calloc); when n fills one exactly, input[n]
    /// is the next block's size field, never 0. Measured with keyctl and QEMU 7.2: exactly these lengths fail.
    /// </summary>
    internal static bool QemuOverreads(int length) => length >= 24 && length % 16 == 8;

    protected override SecretBuffer LoadData(ObjectRegistry registry)
    {
        if (Serial == 0)
        {
            throw new SecretException(ErrorCodes.Keyring, "'serial' parameter must be provided", Id, "serial");
        }

        try
        {
            var payload = Keyctl.Read(Serial);
            _payloadLength = payload.Length;
            return payload;
        }
        catch (KeyctlException e)
        {
            var serial = ((uint)Serial).ToString("x8", CultureInfo.InvariantCulture);
            throw new SecretException(ErrorCodes.Keyring, $"Unable to read serial key {serial}: {e.Message}", Id, "serial",
                e.Errno switch
                {
                    Errno.ENOKEY => "no such key: check the serial with 'keyctl show' (keys in a session keyring vanish with the session)",
                    Errno.EKEYEXPIRED => "the key has expired: add it again (keyctl add/padd) or extend its timeout",
                    Errno.EKEYREVOKED => "the key was revoked: add a new key and use its serial",
                    Errno.EACCES => "this user may not read the key: it needs the 'read' permission (keyctl setperm)",
                    _ => null,
                },
                e);
        }
    }
}
