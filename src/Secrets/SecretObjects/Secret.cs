using Qcrypto.Errors;
using Qcrypto.Keys;
using Qcrypto.Objects;
using Qcrypto.Objects.Schema;

namespace Qcrypto.SecretObjects;

/// <summary>
/// The <c>secret</c> object (QEMU crypto/secret.c): the secret comes inline (<c>data=</c>) or from a
/// file (<c>file=</c>), exactly one of them.
/// </summary>
public sealed class Secret : SecretCommon
{
    private SecretBuffer? _data;

    private Secret(ObjectType type, string id)
        : base(type, id)
    {
    }

    /// <summary>The type: its schema (QAPI SecretProperties, in member order) and its factory.</summary>
    public static ObjectType Definition { get; } = new(
        new ObjectTypeSchema(
            "secret",
            "a password, key or other secret, inline (data) or from a file, optionally AES-256-CBC encrypted",
            [
                .. CommonProperties("secret"),
                PropertySchema.Str("data", "the secret itself (insecure unless encrypted with keyid)") with { IsSensitive = true },
                PropertySchema.Str("file", "file holding the secret, used byte for byte"),
            ]),
        (type, id) => new Secret(type, id));

    public string? File { get; private set; }

    protected override string SourceProperty => File is not null ? "file" : "data";

    protected override void OnPropertySet(PropertySchema property, PropertyValue value)
    {
        switch (property.Name)
        {
            case "data":
                _data?.Dispose();
                // strlen(): a C string ends at its first NUL. The bytes are the argument's own (RawText).
                var text = value.Text.AsSpan();
                var nul = text.IndexOf('\0');
                text = nul < 0 ? text : text[..nul];
                _data = SecretBuffer.Allocate(Posix.RawText.GetByteCount(text));
                Posix.RawText.GetBytes(text, _data.WritableSpan);
                break;
            case "file":
                File = value.Text;
                break;
            default:
                base.OnPropertySet(property, value);
                break;
        }
    }

    protected override SecretBuffer LoadData(ObjectRegistry registry)
    {
        if (File is not null)
        {
            if (_data is not null)
            {
                throw new SecretException(ErrorCodes.SecretSource, "'file' and 'data' are mutually exclusive", Id, "file",
                    "give the secret either inline (data=) or in a file (file=), not both");
            }

            // A plaintext file is key material; an encrypted one (keyid) may be public.
            var refuse = KeyId is null && !registry.Options.AllowWorldReadableSecretFiles;
            return SecretFile.Read(File, refuse);
        }

        if (_data is null)
        {
            throw new SecretException(ErrorCodes.SecretSource, "Either 'file' or 'data' must be provided", Id, "data",
                "add file=PATH (recommended) or data=VALUE");
        }

        // Completion reads the inline data once: hand the buffer over instead of copying it.
        var data = _data;
        _data = null;
        return data;
    }

    protected override void OnComplete(ObjectRegistry registry)
    {
        try
        {
            base.OnComplete(registry);
        }
        finally
        {
            // The inline copy is not needed once the key store holds the result.
            _data?.Dispose();
            _data = null;
        }
    }

    protected override void OnDispose()
    {
        _data?.Dispose();
        base.OnDispose();
    }
}
