using System.Text;
using Qcrypto.Pkcs11.Interop;

namespace Qcrypto.Pkcs11;

/// <summary>
/// One session on the token a <see cref="Pkcs11Uri"/> names: finds the token among the slots, opens the
/// session, logs in, finds objects and reads their attributes. Not thread-safe: <see cref="Pkcs11Key"/>
/// serializes its use (a PKCS#11 session runs one operation at a time).
/// </summary>
internal sealed unsafe class Pkcs11Session : IDisposable
{
    private readonly Pkcs11Module _module;
    private nuint _handle;

    private Pkcs11Session(Pkcs11Module module, nuint handle, string tokenLabel)
    {
        _module = module;
        _handle = handle;
        TokenLabel = tokenLabel;
    }

    public string TokenLabel { get; }

    public string ModulePath => _module.Path;

    public CK_FUNCTION_LIST* Functions => _module.Functions;

    public nuint Handle => _handle;

    /// <summary>Opens a session on the first present token matching <paramref name="uri"/>'s token attributes.</summary>
    public static Pkcs11Session Open(string modulePath, Pkcs11Uri uri, bool readWrite)
    {
        var module = Pkcs11Module.Acquire(modulePath);
        try
        {
            var (slot, label) = FindToken(module, uri);
            nuint handle;
            var flags = Ck.CKF_SERIAL_SESSION | (readWrite ? Ck.CKF_RW_SESSION : 0);
            var rv = module.Functions->C_OpenSession(slot, flags, null, null, &handle);
            if (rv != Ck.CKR_OK)
            {
                throw new Pkcs11Exception(Pkcs11ErrorCodes.Token, $"Unable to open a session on PKCS#11 token '{label}': {Pkcs11ReturnValue.Name(rv)}", "uri",
                    rv == Ck.CKR_TOKEN_WRITE_PROTECTED ? "the token is write-protected" : null, Pkcs11ReturnValue.Name(rv));
            }

            return new Pkcs11Session(module, handle, label);
        }
        catch
        {
            module.Release();
            throw;
        }
    }

    /// <summary>C_Login as the user; "already logged in" (another session of this process) is success.</summary>
    public void Login(ReadOnlySpan<byte> pin, string pinProperty)
    {
        nuint rv;
        fixed (byte* p = pin)
        {
            rv = Functions->C_Login(_handle, Ck.CKU_USER, p, (nuint)pin.Length);
        }

        if (rv is Ck.CKR_OK or Ck.CKR_USER_ALREADY_LOGGED_IN)
        {
            return;
        }

        var name = Pkcs11ReturnValue.Name(rv);
        var hint = rv switch
        {
            Ck.CKR_PIN_INCORRECT when pin.EndsWith("\n"u8) => $"the PIN ({pinProperty}) ends with a newline, which is part of it (echo adds one): write it with printf '%s'",
            Ck.CKR_PIN_INCORRECT => $"the token refused the PIN: check the PIN ({pinProperty}; a trailing newline is part of it); each wrong try counts towards the token's lock-out",
            Ck.CKR_PIN_LOCKED => "the PIN is locked after too many wrong tries: the token's security officer must reset it (pkcs11-tool --init-pin --login --login-type so)",
            Ck.CKR_PIN_EXPIRED => "the PIN has expired: set a new one (pkcs11-tool --change-pin)",
            Ck.CKR_PIN_LEN_RANGE => $"the PIN ({pinProperty}) is shorter or longer than the token allows",
            Ck.CKR_USER_PIN_NOT_INITIALIZED => "the token has no user PIN yet: set one (softhsm2-util --init-token ... --pin, or pkcs11-tool --init-pin)",
            _ => null,
        };
        throw new Pkcs11Exception(Pkcs11ErrorCodes.Login, $"PKCS#11 login to token '{TokenLabel}' failed: {name}", pinProperty, hint, name);
    }

    /// <summary>Up to <paramref name="max"/> objects matching the template.</summary>
    public List<nuint> Find(ReadOnlySpan<CK_ATTRIBUTE> template, int max)
    {
        nuint rv;
        fixed (CK_ATTRIBUTE* t = template)
        {
            rv = Functions->C_FindObjectsInit(_handle, t, (nuint)template.Length);
        }

        Check("C_FindObjectsInit", rv);
        var found = new nuint[max];
        nuint count;
        try
        {
            fixed (nuint* f = found)
            {
                rv = Functions->C_FindObjects(_handle, f, (nuint)max, &count);
            }

            Check("C_FindObjects", rv);
        }
        finally
        {
            Functions->C_FindObjectsFinal(_handle);
        }

        return [.. found.AsSpan(0, (int)count)];
    }

    /// <summary>A CK_ULONG (or CK_BBOOL, widened) attribute, or null when the token does not have it.</summary>
    public ulong? Number(nuint obj, nuint type, bool isBool = false)
    {
        ulong value = 0;
        var attribute = new CK_ATTRIBUTE { type = type, pValue = &value, ulValueLen = isBool ? 1u : (nuint)sizeof(nuint) };
        var rv = Functions->C_GetAttributeValue(_handle, obj, &attribute, 1);
        return rv == Ck.CKR_OK && attribute.ulValueLen != Ck.CK_UNAVAILABLE_INFORMATION ? value : null;
    }

    public void Check(string function, nuint rv, string property = "uri")
    {
        if (rv != Ck.CKR_OK)
        {
            throw Pkcs11ReturnValue.Failure(function, rv, property);
        }
    }

    public void Dispose()
    {
        var handle = Interlocked.Exchange(ref _handle, 0);
        if (handle != 0)
        {
            Functions->C_CloseSession(handle);
            _module.Release();
        }
    }

    private static (nuint Slot, string Label) FindToken(Pkcs11Module module, Pkcs11Uri uri)
    {
        var f = module.Functions;
        nuint count = 0;
        var rv = f->C_GetSlotList(1, null, &count);
        var slots = new nuint[(int)count + 1];
        if (rv == Ck.CKR_OK && count > 0)
        {
            fixed (nuint* s = slots)
            {
                rv = f->C_GetSlotList(1, s, &count);
            }
        }

        if (rv != Ck.CKR_OK)
        {
            throw Pkcs11ReturnValue.Failure("C_GetSlotList", rv, "uri");
        }

        var labels = new List<string>();
        for (var i = 0; i < (int)count; i++)
        {
            CK_TOKEN_INFO info;
            // A slot whose token is not initialized (SoftHSM2's free slot) holds no keys.
            if (f->C_GetTokenInfo(slots[i], &info) != Ck.CKR_OK || (info.flags & Ck.CKF_TOKEN_INITIALIZED) == 0)
            {
                continue;
            }

            var label = Field(info.label, 32);
            labels.Add(label);
            if (Matches(uri.Token, label) && Matches(uri.Manufacturer, Field(info.manufacturerID, 32))
                && Matches(uri.Model, Field(info.model, 16)) && Matches(uri.Serial, Field(info.serialNumber, 16)))
            {
                return (slots[i], label);
            }
        }

        var present = labels.Count == 0 ? "it has no token present" : $"its tokens: {string.Join(", ", labels.Select(l => $"'{l}'"))}";
        throw new Pkcs11Exception(Pkcs11ErrorCodes.Token, $"No PKCS#11 token matches {uri} in module {module.Path} ({present})", "uri",
            "the token attributes (token=, manufacturer=, model=, serial=) must match exactly: list the tokens with 'pkcs11-tool --module MODULE --list-token-slots' (SoftHSM2: 'softhsm2-util --show-slots'); create one with 'softhsm2-util --init-token --free --label LABEL'");
    }

    private static bool Matches(string? wanted, string actual) => wanted is null || wanted == actual;

    /// <summary>A blank-padded CK_UTF8CHAR field as text.</summary>
    private static string Field(byte* field, int length) =>
        Encoding.UTF8.GetString(new ReadOnlySpan<byte>(field, length).TrimEnd((byte)' ').TrimEnd((byte)0));
}
