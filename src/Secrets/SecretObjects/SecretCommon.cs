using Qcrypto.Errors;
using Qcrypto.Keys;
using Qcrypto.Objects;
using Qcrypto.Objects.Schema;

namespace Qcrypto.SecretObjects;

/// <summary>
/// What <c>secret</c> and <c>secret_keyring</c> share (QEMU's secret_common): format, keyid and iv, and
/// completion: load the input bytes, then either AES-256-CBC decrypt them with the master key named by
/// keyid, or base64-decode them, or take them as they are. The result goes to the registry's
/// <see cref="KeyStore"/> under the object's id.
/// </summary>
public abstract class SecretCommon : UserCreatable
{
    protected SecretCommon(ObjectType type, string id)
        : base(type, id)
    {
    }

    /// <summary>QAPI SecretCommonProperties: loaded, format, keyid, iv.</summary>
    private protected static IEnumerable<PropertySchema> CommonProperties(string type) =>
    [
        PropertySchema.Loaded(type),
        PropertySchema.Enum("format", "QCryptoSecretFormat", "encoding of the data (of the ciphertext when keyid is set)", "raw", "base64") with { Default = "raw" },
        PropertySchema.Str("keyid", "id of a secret holding the 32-byte AES-256 key that decrypts this one"),
        PropertySchema.Str("iv", "base64 of the 16-byte AES-CBC initialization vector (needed with keyid)"),
    ];

    public SecretFormat Format { get; private set; }

    public string? KeyId { get; private set; }

    public string? Iv { get; private set; }

    /// <summary>True once the data is in the key store (QEMU's read-only 'loaded' property).</summary>
    public bool IsLoaded => Registry?.Keys.Contains(Id) == true;

    /// <summary>After decryption: whether the plaintext ended in strictly valid PKCS#7 padding.</summary>
    public bool? PaddingValid { get; private set; }

    public override bool IsInUse => base.IsInUse || Registry?.Keys.IsLeased(Id) == true;

    /// <summary>Plaintext data is key material; ciphertext (with keyid) is not.</summary>
    public override bool IsSensitive(PropertySchema property) => property.IsSensitive && KeyId is null;

    protected override void OnPropertySet(PropertySchema property, PropertyValue value)
    {
        switch (property.Name)
        {
            case "format":
                Format = value.Text == "base64" ? SecretFormat.Base64 : SecretFormat.Raw;
                break;
            case "keyid":
                KeyId = value.Text;
                break;
            case "iv":
                Iv = value.Text;
                break;
        }
    }

    /// <summary>The property an error in the input bytes is blamed on.</summary>
    protected abstract string SourceProperty { get; }

    /// <summary>Reads the secret's input bytes (QEMU's load_data class method).</summary>
    protected abstract SecretBuffer LoadData(ObjectRegistry registry);

    protected override void OnComplete(ObjectRegistry registry)
    {
        SecretBuffer? input = null;
        SecretBuffer data;
        try
        {
            // The input buffer is ours: decode and decrypt it in place (no second copy of the secret).
            input = LoadData(registry);
            if (KeyId is not null)
            {
                Decrypt(registry, input);
            }
            else if (Format == SecretFormat.Base64)
            {
                QBase64.DecodeInPlace(input);
            }

            (data, input) = (input, null);
        }
        catch (SecretException e)
        {
            throw e.At(Id, e.Property ?? SourceProperty);
        }
        finally
        {
            input?.Dispose();
        }

        registry.Keys.Put(Id, data);
        CheckPlaintext(data.Span);
    }

    protected override void OnDispose() => Registry?.Keys.Remove(Id);

    private void Decrypt(ObjectRegistry registry, SecretBuffer input)
    {
        // A master secret's bytes or a key that stays in a token (secret-pkcs11): the same checks follow.
        MasterKeyLease key;
        try
        {
            key = registry.Secrets.MasterKey(KeyId!);
        }
        catch (SecretException e)
        {
            throw Blamed(e, "keyid");
        }

        using (key)
        {
            var iv = SecretCipher.DecodeIv(Iv);
            if (Format == SecretFormat.Base64)
            {
                QBase64.DecodeInPlace(input);
            }

            bool paddingValid;
            try
            {
                SecretCipher.DecryptInPlace(key, iv, input, out paddingValid);
            }
            catch (SecretException e) when (e.Code == ErrorCodes.SecretBlockLength && Format == SecretFormat.Raw && LooksLikeBase64(input.Span))
            {
                throw new SecretException(e.Code, e.QemuMessage, Id, SourceProperty, "the data looks base64-encoded: add format=base64");
            }

            PaddingValid = paddingValid;
            if (!paddingValid)
            {
                Warn("secret-padding-invalid",
                    $"decrypted data of secret '{Id}' does not end in valid PKCS#7 padding: QEMU accepts it, but the key or IV is almost certainly wrong and the secret is garbage",
                    $"check that keyid '{KeyId}' and iv are the ones used to encrypt");
            }
        }
    }

    private void CheckPlaintext(ReadOnlySpan<byte> plaintext)
    {
        if (SecretText.EndsWithTextNewline(plaintext))
        {
            Warn("secret-trailing-newline",
                $"secret '{Id}' ends with a newline, which is part of the secret",
                "if it came from echo, write it with printf '%s' instead (or strip the newline)");
        }
    }

    private static bool LooksLikeBase64(ReadOnlySpan<byte> data) =>
        data.Length >= 4 && QBase64.Check(data) is null && data.TrimEnd("\n"u8).Length % 4 == 0;

    private SecretException Blamed(SecretException e, string property) =>
        e.Property is null ? new SecretException(e.Code, e.QemuMessage, Id, property, e.Fix, e.InnerException) : e.At(Id, e.Property);
}
