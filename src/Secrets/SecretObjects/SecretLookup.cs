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
        var obj = _registry.Find(id) ?? throw new SecretException(ErrorCodes.SecretNotFound, $"No secret with id '{id}'",
            hint: "create the secret object before the object that uses it (-object lines are processed in order)");
        if (obj is not SecretCommon)
        {
            throw new SecretException(ErrorCodes.NotASecret, $"Object with id '{id}' is not a secret",
                hint: $"'{id}' is a {obj.TypeName}; point at a secret or secret_keyring object");
        }

        if (!_registry.Keys.TryAcquire(id, out var lease))
        {
            throw new SecretException(ErrorCodes.SecretNoData, $"Secret with id '{id}' has no data",
                hint: "the secret is not loaded yet (a secret cannot be decrypted with itself)");
        }

        return lease;
    }

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
