using Qcrypto.Errors;
using Qcrypto.Keys;
using Qcrypto.Objects;
using Qcrypto.Objects.Schema;

namespace Qcrypto.Pkcs11;

/// <summary>
/// The <c>secret-pkcs11</c> object, qcrypto's own (QEMU 7.2 has no such type): a master key that lives in
/// a PKCS#11 token. A <c>secret</c> whose keyid names it is decrypted by the token, so the key never
/// enters the process. The session is opened, and the PIN (the secret pin-secret names) given, on first
/// use; the module is finalized when the last object using it goes.
/// </summary>
public sealed class SecretPkcs11 : UserCreatable, IMasterKeyDecryptor
{
    private readonly Lock _lock = new();
    private Pkcs11Uri? _uri;
    private Pkcs11Key? _key;

    private SecretPkcs11(ObjectType type, string id)
        : base(type, id)
    {
    }

    /// <summary>The type: its schema and its factory.</summary>
    public static ObjectType Definition { get; } = new(
        new ObjectTypeSchema(
            "secret-pkcs11",
            "qcrypto only, beyond QEMU (QEMU 7.2 has no such type): an AES-256 master key kept in a PKCS#11 token, for secrets' keyid; the token decrypts",
            [
                PropertySchema.Str("uri", "RFC 7512 URI of the key: pkcs11:token=LABEL;object=LABEL (also manufacturer, serial, model, id, type=secret-key)") with { Required = true },
                PropertySchema.Str("module", "path of the PKCS#11 provider module (.so), e.g. /usr/lib/softhsm/libsofthsm2.so") with { Required = true },
                PropertySchema.Str("pin-secret", "id of a secret holding the token user's PIN (may itself be an encrypted secret)"),
            ]),
        (type, id) => new SecretPkcs11(type, id))
    {
        IsBeyondQemu = true,
    };

    /// <summary>The key's URI (path attributes).</summary>
    public Pkcs11Uri? Uri => _uri;

    public string? Module { get; private set; }

    public string? PinSecret { get; private set; }

    public override bool IsInUse => base.IsInUse || Registry?.Keys.IsLeased(Id) == true;

    protected override void OnPropertySet(PropertySchema property, PropertyValue value)
    {
        switch (property.Name)
        {
            case "uri":
                Pkcs11Uri uri;
                try
                {
                    uri = Pkcs11Uri.Parse(value.Text);
                }
                catch (Pkcs11Exception e)
                {
                    throw e.At(Id);
                }

                if (uri.HasQuery)
                {
                    throw new Pkcs11Exception(Pkcs11ErrorCodes.Uri, "Invalid PKCS#11 URI: query attributes (module-path, pin-source, pin-value) are not taken here", "uri",
                        "give the module as module=PATH and the PIN as pin-secret=ID (a secret holding it), so the PIN is never on the command line", objectId: Id);
                }

                _uri = uri;
                break;
            case "module":
                Module = value.Text;
                break;
            case "pin-secret":
                PinSecret = value.Text;
                break;
        }
    }

    protected override void OnComplete(ObjectRegistry registry)
    {
        if (_uri!.Object is null)
        {
            throw new Pkcs11Exception(Pkcs11ErrorCodes.Uri, "Invalid PKCS#11 URI: it names no object", "uri", "add object=LABEL (the key's CKA_LABEL)", objectId: Id);
        }

        if (PinSecret == Id)
        {
            throw new Pkcs11Exception(Pkcs11ErrorCodes.Pin, "pin-secret names this object itself", "pin-secret", "pin-secret is the id of a secret holding the PIN", objectId: Id);
        }

        registry.Keys.PutDecryptor(Id, this);
    }

    /// <summary>Opens the session and finds the key, once (again after a failure).</summary>
    void IMasterKeyDecryptor.Prepare() => PrepareKey();

    private void PrepareKey()
    {
        lock (_lock)
        {
            if (_key is not null)
            {
                return;
            }

            var registry = Registry ?? throw new InvalidOperationException("secret-pkcs11 used before completion");
            KeyLease? pin = null;
            try
            {
                if (PinSecret is not null)
                {
                    // The PIN is the pin secret's own buffer in the key store (pinned, zeroed when released): no copy is made.
                    pin = registry.Secrets.Bytes(PinSecret);
                }

                _key = Pkcs11Key.Open(Module!, _uri!, pin is null ? default : pin.Bytes, login: pin is not null, "pin-secret");
            }
            catch (SecretException e)
            {
                throw e.ObjectId is null ? new SecretException(e.Code, e.QemuMessage, Id, "pin-secret", e.Fix, e) : e;
            }
            catch (Pkcs11Exception e)
            {
                throw e.At(Id);
            }
            finally
            {
                pin?.Dispose();
            }
        }
    }

    /// <summary>Decrypts whole AES-256-CBC blocks in place, in the token.</summary>
    void IMasterKeyDecryptor.DecryptBlocks(ReadOnlySpan<byte> iv, SecretBuffer buffer)
    {
        PrepareKey();
        try
        {
            _key!.DecryptBlocks(iv, buffer);
        }
        catch (Pkcs11Exception e)
        {
            throw e.At(Id);
        }
    }

    protected override void OnDispose()
    {
        Registry?.Keys.Remove(Id);
        lock (_lock)
        {
            _key?.Dispose();
            _key = null;
        }
    }
}
