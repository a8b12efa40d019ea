using System.Text;
using Qcrypto.Errors;
using Qcrypto.Keys;
using Qcrypto.Objects;
using Qcrypto.Pkcs11;
using Qcrypto.Posix;
using Qcrypto.SecretObjects;

namespace Qcrypto.Cli;

/// <summary>
/// A PKCS#11 key URI as the secret verbs take it (<c>--pkcs11</c>, <c>--key-uri</c>): RFC 7512 path
/// attributes naming the key, and the query attributes module-path= and pin-source=file:PATH (or
/// pin-value=). The PIN is read into a pinned buffer, zeroed on dispose, and never printed.
/// </summary>
internal sealed class KeyUri : IDisposable
{
    private KeyUri(string option, Pkcs11Uri uri, string modulePath, SecretBuffer? pin, string? pinFile)
    {
        Option = option;
        Uri = uri;
        ModulePath = modulePath;
        Pin = pin;
        PinFile = pinFile;
    }

    public string Option { get; }

    public Pkcs11Uri Uri { get; }

    public string ModulePath { get; }

    /// <summary>The PIN's bytes, or null when the URI gives none (no login).</summary>
    public SecretBuffer? Pin { get; }

    /// <summary>The PIN file (pin-source), full path; null for pin-value or no PIN.</summary>
    public string? PinFile { get; }

    private string PinProperty => Uri.HasPinValue ? "pin-value" : "pin-source";

    public static KeyUri Parse(string text, string option, bool allowWorldReadable)
    {
        Pkcs11Uri uri;
        try
        {
            uri = Pkcs11Uri.Parse(text, option);
        }
        catch (Pkcs11Exception e)
        {
            throw new UsageException($"{option}: {e.QemuMessage}", CliWords.Render(e.Fix));
        }

        if (uri.ModulePath is null)
        {
            throw new UsageException($"{option}: the URI names no PKCS#11 module",
                "add the query attribute module-path=, e.g. 'pkcs11:token=qc;object=master?module-path=/usr/lib/softhsm/libsofthsm2.so&pin-source=file:/path/pin'");
        }

        if (uri.PinSource is { } source)
        {
            // RFC 7512: pin-source is a URI; file: and plain absolute paths are what qcrypto reads.
            var path = PosixFile.FullPath(source.StartsWith("file:", StringComparison.Ordinal) ? source["file:".Length..] : source);
            try
            {
                return new KeyUri(option, uri, uri.ModulePath, SecretFile.Read(path, refuseWorldReadable: !allowWorldReadable), path);
            }
            catch (SecretException e)
            {
                var hint = e.Code == ErrorCodes.SecretFilePermissions ? $"run 'chmod o-rwx {path}' (or pass --allow-world-readable)" : CliWords.Render(e.Fix);
                throw new UsageException($"{option}: pin-source: {e.QemuMessage}", hint);
            }
        }

        var pin = uri.PinValue is { } value ? SecretBuffer.CopyOf(Encoding.UTF8.GetBytes(value)) : null;
        return new KeyUri(option, uri, uri.ModulePath, pin, null);
    }

    /// <summary>Opens the key in its token (session, login, key checks).</summary>
    public Pkcs11Key Open() => Run(() => Pkcs11Key.Open(ModulePath, Uri, Pin is null ? default : Pin.Span, Pin is not null, PinProperty));

    /// <summary>Generates the AES-256 key in the token; returns the token's label.</summary>
    public string Generate(bool replace) =>
        Run(() => Pkcs11Key.Generate(ModulePath, Uri, Pin is null ? default : Pin.Span, Pin is not null, PinProperty, replace));

    /// <summary>The id of the secret that holds the PIN for <paramref name="keyId"/>'s secret-pkcs11 object.</summary>
    public static string PinSecretId(string keyId) => keyId + "-pin";

    /// <summary>The PIN secret's -object line (only for a PIN file: a pin-value is never printed).</summary>
    public string? PinLine(string keyId) =>
        PinFile is null ? null : $"secret,id={PinSecretId(keyId)},file={ObjectLineWriter.Escape(PinFile)}";

    /// <summary>
    /// The PIN secret's line for the self-check in this process: <see cref="PinLine"/>, or for a pin-value a
    /// line carrying it (base64, never printed).
    /// </summary>
    public string? CheckPinLine(string keyId) => Pin is null ? null
        : PinLine(keyId) ?? $"secret,id={PinSecretId(keyId)},format=base64,data={Convert.ToBase64String(Pin.Span)}";

    /// <summary>The secret-pkcs11 -object line for <paramref name="keyId"/>.</summary>
    public string ObjectLine(string keyId) =>
        $"secret-pkcs11,id={keyId},uri={ObjectLineWriter.Escape(Uri.ToString())},module={ObjectLineWriter.Escape(ModulePath)}"
        + (Pin is null ? "" : $",pin-secret={PinSecretId(keyId)}");

    public void Dispose() => Pin?.Dispose();

    private static T Run<T>(Func<T> action)
    {
        try
        {
            return action();
        }
        catch (Pkcs11Exception e) when (e.ObjectId is null)
        {
            // Not an -object here: the error stands for the option, without a property of an object.
            throw new Pkcs11Exception(e.Code, e.QemuMessage, hint: e.Fix, returnValue: e.ReturnValue);
        }
    }
}
