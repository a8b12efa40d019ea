using System.Text;
using Qcrypto.Errors;
using Qcrypto.Keys;
using Qcrypto.Pkcs11.Interop;

namespace Qcrypto.Pkcs11;

/// <summary>
/// An AES-256 secret key that lives in a PKCS#11 token and never leaves it: AES-256-CBC runs in the
/// token (CKM_AES_CBC; the PKCS#7 padding is added and checked by qcrypto exactly as for a key file).
/// Thread-safe: operations on the one session are serialized.
/// </summary>
public sealed unsafe class Pkcs11Key : IDisposable
{
    private const int KeyBytes = 32;
    private const int Block = 16;
    private readonly Pkcs11Session _session;
    private readonly nuint _key;
    private readonly Lock _lock = new();

    private Pkcs11Key(Pkcs11Session session, nuint key, string description)
    {
        _session = session;
        _key = key;
        Description = description;
    }

    /// <summary>The key's URI (path attributes only): what messages name.</summary>
    public string Description { get; }

    /// <summary>
    /// Opens a session on the token <paramref name="uri"/> names in the module at <paramref name="modulePath"/>,
    /// logs in with <paramref name="pin"/> when <paramref name="login"/>, and finds the key: one AES-256 secret
    /// key allowed to decrypt. <paramref name="pinProperty"/> is what errors about the PIN blame.
    /// </summary>
    /// <exception cref="Pkcs11Exception">the module, token, login or key failed (see <see cref="Pkcs11ErrorCodes"/>).</exception>
    public static Pkcs11Key Open(string modulePath, Pkcs11Uri uri, ReadOnlySpan<byte> pin, bool login, string pinProperty)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var label = RequireObject(uri);
        var session = Pkcs11Session.Open(modulePath, uri, readWrite: false);
        try
        {
            if (login)
            {
                session.Login(pin, pinProperty);
            }

            var key = FindKey(session, uri, label, login, pinProperty);
            return new Pkcs11Key(session, key, uri.ToString());
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Generates an AES-256 key inside the token: a token object, sensitive, never extractable, allowed to
    /// encrypt and decrypt, labelled with the URI's object= (and id= if given). An object with that label
    /// is refused unless <paramref name="replace"/>, which destroys it first.
    /// </summary>
    /// <returns>The label of the token the key was made in.</returns>
    public static string Generate(string modulePath, Pkcs11Uri uri, ReadOnlySpan<byte> pin, bool login, string pinProperty, bool replace)
    {
        ArgumentNullException.ThrowIfNull(uri);
        var label = Encoding.UTF8.GetBytes(RequireObject(uri));
        using var session = Pkcs11Session.Open(modulePath, uri, readWrite: true);
        if (login)
        {
            session.Login(pin, pinProperty);
        }

        fixed (byte* l = label)
        {
            var byLabel = new[] { new CK_ATTRIBUTE { type = Ck.CKA_LABEL, pValue = l, ulValueLen = (nuint)label.Length } };
            var existing = session.Find(byLabel, 16);
            if (existing.Count > 0 && !replace)
            {
                throw new Pkcs11Exception(Pkcs11ErrorCodes.Exists, $"The PKCS#11 token '{session.TokenLabel}' already has an object labelled '{uri.Object}'", "uri",
                    new Advice("anything encrypted with it would be lost: choose another object= label, or replace it with '{0}'", ToolAction.Setting("force", "force")));
            }

            foreach (var obj in existing)
            {
                session.Check("C_DestroyObject", session.Functions->C_DestroyObject(session.Handle, obj));
            }

            byte yes = 1, no = 0;
            nuint secretKey = Ck.CKO_SECRET_KEY, aes = Ck.CKK_AES, length = KeyBytes;
            var id = uri.Id ?? [];
            fixed (byte* i = id)
            {
                var template = new List<CK_ATTRIBUTE>
                {
                    new() { type = Ck.CKA_CLASS, pValue = &secretKey, ulValueLen = (nuint)sizeof(nuint) },
                    new() { type = Ck.CKA_KEY_TYPE, pValue = &aes, ulValueLen = (nuint)sizeof(nuint) },
                    new() { type = Ck.CKA_VALUE_LEN, pValue = &length, ulValueLen = (nuint)sizeof(nuint) },
                    new() { type = Ck.CKA_TOKEN, pValue = &yes, ulValueLen = 1 },
                    new() { type = Ck.CKA_PRIVATE, pValue = login ? &yes : &no, ulValueLen = 1 },
                    new() { type = Ck.CKA_SENSITIVE, pValue = &yes, ulValueLen = 1 },
                    new() { type = Ck.CKA_EXTRACTABLE, pValue = &no, ulValueLen = 1 },
                    new() { type = Ck.CKA_ENCRYPT, pValue = &yes, ulValueLen = 1 },
                    new() { type = Ck.CKA_DECRYPT, pValue = &yes, ulValueLen = 1 },
                    new() { type = Ck.CKA_LABEL, pValue = l, ulValueLen = (nuint)label.Length },
                };
                if (uri.Id is not null)
                {
                    template.Add(new() { type = Ck.CKA_ID, pValue = i, ulValueLen = (nuint)id.Length });
                }

                var mechanism = new CK_MECHANISM { mechanism = Ck.CKM_AES_KEY_GEN };
                nuint key;
                var attributes = template.ToArray();
                fixed (CK_ATTRIBUTE* t = attributes)
                {
                    session.Check("C_GenerateKey", session.Functions->C_GenerateKey(session.Handle, &mechanism, t, (nuint)attributes.Length, &key));
                }
            }
        }

        return session.TokenLabel;
    }

    /// <summary>AES-256-CBC decrypts <paramref name="buffer"/> (whole blocks) in place, in the token; no padding is removed.</summary>
    public void DecryptBlocks(ReadOnlySpan<byte> iv, SecretBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        using var output = SecretBuffer.Allocate(buffer.Length);
        Run(iv, buffer.Span, output.WritableSpan, decrypt: true);
        output.Span.CopyTo(buffer.WritableSpan);
    }

    /// <summary>AES-256-CBC encrypts <paramref name="plaintext"/> with PKCS#7 padding, in the token.</summary>
    public byte[] Encrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext)
    {
        var pad = Block - (plaintext.Length % Block);
        using var padded = SecretBuffer.Allocate(plaintext.Length + pad);
        plaintext.CopyTo(padded.WritableSpan);
        padded.WritableSpan[plaintext.Length..].Fill((byte)pad);
        var ciphertext = new byte[padded.Length];
        Run(iv, padded.Span, ciphertext, decrypt: false);
        return ciphertext;
    }

    public void Dispose() => _session.Dispose();

    private void Run(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, Span<byte> output, bool decrypt)
    {
        if (iv.Length != Block || input.Length % Block != 0 || output.Length < input.Length)
        {
            throw new ArgumentException("AES-CBC takes a 16-byte IV and whole blocks");
        }

        var f = _session.Functions;
        lock (_lock)
        {
            fixed (byte* v = iv)
            fixed (byte* i = input)
            fixed (byte* o = output)
            {
                var mechanism = new CK_MECHANISM { mechanism = Ck.CKM_AES_CBC, pParameter = v, ulParameterLen = Block };
                var rv = decrypt ? f->C_DecryptInit(_session.Handle, &mechanism, _key) : f->C_EncryptInit(_session.Handle, &mechanism, _key);
                if (rv != Ck.CKR_OK)
                {
                    throw OperationRefused(decrypt ? "C_DecryptInit" : "C_EncryptInit", rv, decrypt);
                }

                var written = (nuint)output.Length;
                rv = decrypt
                    ? f->C_Decrypt(_session.Handle, i, (nuint)input.Length, o, &written)
                    : f->C_Encrypt(_session.Handle, i, (nuint)input.Length, o, &written);
                if (rv != Ck.CKR_OK || written != (nuint)input.Length)
                {
                    throw Pkcs11ReturnValue.Failure(decrypt ? "C_Decrypt" : "C_Encrypt", rv, "uri");
                }
            }
        }
    }

    private Pkcs11Exception OperationRefused(string function, nuint rv, bool decrypt) => rv switch
    {
        Ck.CKR_KEY_FUNCTION_NOT_PERMITTED => new Pkcs11Exception(Pkcs11ErrorCodes.Key,
            $"The PKCS#11 key {Description} is not allowed to {(decrypt ? "decrypt" : "encrypt")} (CKA_{(decrypt ? "DECRYPT" : "ENCRYPT")} is false)", "uri",
            "generate a master key that may encrypt and decrypt", Pkcs11ReturnValue.Name(rv)),
        _ => Pkcs11ReturnValue.Failure(function, rv, "uri"),
    };

    private static string RequireObject(Pkcs11Uri uri) =>
        uri.Object ?? throw new Pkcs11Exception(Pkcs11ErrorCodes.Uri, "Invalid PKCS#11 URI: it names no object", "uri", "add object=LABEL (the key's CKA_LABEL)");

    private static nuint FindKey(Pkcs11Session session, Pkcs11Uri uri, string label, bool loggedIn, string pinProperty)
    {
        var labelBytes = Encoding.UTF8.GetBytes(label);
        var id = uri.Id ?? [];
        nuint secretKey = Ck.CKO_SECRET_KEY;
        List<nuint> keys, any;
        fixed (byte* l = labelBytes)
        fixed (byte* i = id)
        {
            var template = new List<CK_ATTRIBUTE> { new() { type = Ck.CKA_LABEL, pValue = l, ulValueLen = (nuint)labelBytes.Length } };
            if (uri.Id is not null)
            {
                template.Add(new() { type = Ck.CKA_ID, pValue = i, ulValueLen = (nuint)id.Length });
            }

            any = session.Find(template.ToArray(), 2);
            template.Add(new() { type = Ck.CKA_CLASS, pValue = &secretKey, ulValueLen = (nuint)sizeof(nuint) });
            keys = session.Find(template.ToArray(), 2);
        }

        return keys.Count switch
        {
            1 => CheckKey(session, keys[0], uri),
            0 when any.Count > 0 => throw new Pkcs11Exception(Pkcs11ErrorCodes.Key,
                $"The PKCS#11 object {uri} in token '{session.TokenLabel}' is not a secret key", "uri",
                "a master key is an AES-256 secret key: point object= at one, or generate one"),
            0 => throw new Pkcs11Exception(Pkcs11ErrorCodes.Object, $"No PKCS#11 secret key {uri} in token '{session.TokenLabel}'", "uri",
                loggedIn
                    ? new Advice("check object= (the key's CKA_LABEL) and id=, or generate the key with '{0}'", new ToolAction(ToolTask.NewMasterKey, "generate it in the token", ToolArgument.Named("pkcs11", "URI")))
                    : $"the token's secret keys are private to its user: give the PIN ({pinProperty})"),
            _ => throw new Pkcs11Exception(Pkcs11ErrorCodes.Object, $"More than one PKCS#11 secret key matches {uri} in token '{session.TokenLabel}'", "uri",
                "add id= (the key's CKA_ID, percent-encoded) to pick one"),
        };
    }

    private static nuint CheckKey(Pkcs11Session session, nuint key, Pkcs11Uri uri)
    {
        if (session.Number(key, Ck.CKA_KEY_TYPE) is not Ck.CKK_AES)
        {
            throw new Pkcs11Exception(Pkcs11ErrorCodes.Key, $"The PKCS#11 key {uri} is not an AES key", "uri",
                "secrets are AES-256-CBC encrypted: the master key must be an AES-256 key (CKK_AES)");
        }

        if (session.Number(key, Ck.CKA_DECRYPT, isBool: true) is not 1)
        {
            throw new Pkcs11Exception(Pkcs11ErrorCodes.Key, $"The PKCS#11 key {uri} is not allowed to decrypt (CKA_DECRYPT is false)", "uri",
                "generate a master key that may encrypt and decrypt");
        }

        if (session.Number(key, Ck.CKA_VALUE_LEN) is { } length and not KeyBytes)
        {
            throw new Pkcs11Exception(Pkcs11ErrorCodes.Key, $"Key should be 32 bytes in length (the PKCS#11 key {uri} has {length})", "uri",
                "secrets are AES-256-CBC encrypted: generate a 32-byte (AES-256) key");
        }

        return key;
    }
}
