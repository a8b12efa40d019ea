using System.Text.Unicode;
using Qcrypto.Errors;
using Qcrypto.Keys;
using Qcrypto.Objects;

namespace Qcrypto.SecretObjects;

/// <summary>
/// Secret lookups by object id with the semantics and messages of QEMU's qcrypto_secret_lookup*:
/// every consumer of a secret (a secret's keyid, TLS passwordid, ...) goes through here.
/// </summary>
public sealed class SecretLookup
{
    private readonly ObjectRegistry _registry;

    internal SecretLookup(ObjectRegistry registry) => _registry = registry;

    /// <summary>The secret's bytes, held until the lease is disposed.</summary>
    public KeyLease Bytes(string id)
    {
        Find(id, masterKey: false);
        if (!_registry.Keys.TryAcquire(id, out var lease))
        {
            throw NoData(id);
        }

        return lease;
    }

    /// <summary>
    /// The master key a secret's keyid names, checked and ready: a master secret's bytes (32 of them, or
    /// QEMU's "Key should be 32 bytes in length"), or a key kept outside the process (secret-pkcs11), which
    /// decrypts where it lives.
    /// </summary>
    public MasterKeyLease MasterKey(string id)
    {
        Find(id, masterKey: true);
        if (!_registry.Keys.TryAcquireMaster(id, out var lease))
        {
            throw NoData(id);
        }

        try
        {
            if (lease.Bytes is { } bytes)
            {
                SecretCipher.CheckKey(bytes.Bytes);
            }
            else
            {
                lease.Prepare();
            }

            return lease;
        }
        catch
        {
            lease.Dispose();
            throw;
        }
    }

    private void Find(string id, bool masterKey)
    {
        var obj = _registry.Find(id) ?? throw new SecretException(ErrorCodes.SecretNotFound, $"No secret with id '{id}'",
            hint: "create the secret object before the object that uses it (-object lines are processed in order)");
        if (obj is not SecretCommon && !(masterKey && _registry.Keys.HasDecryptor(id)))
        {
            throw new SecretException(ErrorCodes.NotASecret, $"Object with id '{id}' is not a secret",
                hint: masterKey
                    ? $"'{id}' is a {obj.TypeName}; point keyid at a secret, secret_keyring or secret-pkcs11 object"
                    : $"'{id}' is a {obj.TypeName}; point at a secret or secret_keyring object");
        }
    }

    private static SecretException NoData(string id) =>
        new(ErrorCodes.SecretNoData, $"Secret with id '{id}' has no data",
            hint: "the secret is not loaded yet (a secret cannot be decrypted with itself)");

    /// <summary>The secret's bytes, checked to be valid UTF-8 without NUL bytes (g_utf8_validate).</summary>
    public KeyLease Utf8(string id)
    {
        var lease = Bytes(id);
        if (!IsQemuUtf8(lease.Bytes))
        {
            lease.Dispose();
            throw new SecretException(ErrorCodes.SecretNotUtf8, $"Data from secret {id} is not valid UTF-8",
                hint: "this secret holds binary data; a text consumer needs a UTF-8 secret");
        }

        return lease;
    }

    /// <summary>The secret's bytes as standard base64 text (with padding), in a new pinned buffer.</summary>
    public SecretBuffer Base64(string id)
    {
        using var lease = Bytes(id);
        var encoded = SecretBuffer.Allocate(System.Buffers.Text.Base64.GetMaxEncodedToUtf8Length(lease.Length));
        System.Buffers.Text.Base64.EncodeToUtf8(lease.Bytes, encoded.WritableSpan, out _, out var written);
        encoded.Truncate(written);
        return encoded;
    }

    /// <summary>g_utf8_validate with an explicit length: well-formed UTF-8 and no NUL byte.</summary>
    public static bool IsQemuUtf8(ReadOnlySpan<byte> data) => !data.Contains((byte)0) && System.Text.Unicode.Utf8.IsValid(data);
}
