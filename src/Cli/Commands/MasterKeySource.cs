using System.Text.Json;
using Qcrypto.Objects;
using Qcrypto.Pkcs11;
using Qcrypto.SecretObjects;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// The master key <c>secret encrypt</c> encrypts under: a key file (<c>--key-file</c>, the key in memory)
/// or a key in a PKCS#11 token (<c>--key-uri</c>, the token encrypts), and the -object lines that make
/// the emulator load the same key under the key id.
/// </summary>
internal sealed class MasterKeySource : IDisposable
{
    private readonly MasterKey? _file;
    private readonly KeyUri? _uri;
    private readonly Pkcs11Key? _token;
    private readonly string _keyId;

    private MasterKeySource(MasterKey? file, KeyUri? uri, Pkcs11Key? token, string keyId)
    {
        _file = file;
        _uri = uri;
        _token = token;
        _keyId = keyId;
    }

    /// <summary>The -object line of the master key object itself (secret or secret-pkcs11).</summary>
    public string ObjectLine => _file?.ObjectLine(_keyId) ?? _uri!.ObjectLine(_keyId);

    /// <summary>The lines to print before the secret's: the PIN secret's (from a PIN file) and the master's.</summary>
    public IEnumerable<string> PrintedLines => _uri?.PinLine(_keyId) is { } pin ? [pin, ObjectLine] : [ObjectLine];

    /// <summary>A token key's lines are always printed: the user has no other source for them.</summary>
    public bool AlwaysPrinted => _uri is not null;

    /// <summary>The lines that load the master key in the self-check (a pin-value PIN included, unprinted).</summary>
    public IEnumerable<string> CheckLines => _uri?.CheckPinLine(_keyId) is { } pin ? [pin, ObjectLine] : [ObjectLine];

    /// <summary>What the user must know about the printed lines.</summary>
    public IEnumerable<ObjectWarning> Warnings => _uri is { PinFile: null, Pin: not null }
        ? [new ObjectWarning("pkcs11-pin-not-printed",
            $"the PIN came from pin-value=, which qcrypto never prints: the emulator needs a secret '{KeyUri.PinSecretId(_keyId)}' holding it",
            $"add -object secret,id={KeyUri.PinSecretId(_keyId)},file=PINFILE (a file of mode 0600 holding the PIN) before the secret-pkcs11 line")]
        : [];

    public static MasterKeySource Load(string? keyFile, string? keyUri, string keyId, bool allowWorldReadable)
    {
        if (keyFile is not null)
        {
            return new MasterKeySource(KeyFile.Load(keyFile, allowWorldReadable), null, null, keyId);
        }

        var uri = KeyUri.Parse(keyUri!, "--key-uri", allowWorldReadable);
        try
        {
            return new MasterKeySource(null, uri, uri.Open(), keyId);
        }
        catch
        {
            uri.Dispose();
            throw;
        }
    }

    /// <summary>AES-256-CBC with PKCS#7 padding, in memory or in the token.</summary>
    public byte[] Encrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext) =>
        _file is not null ? SecretCipher.Encrypt(_file.Key.Span, iv, plaintext) : _token!.Encrypt(iv, plaintext);

    /// <summary>The token key's members of --json output (nothing for a key file).</summary>
    public void WriteJson(Utf8JsonWriter w)
    {
        if (_uri is null)
        {
            return;
        }

        w.WriteString("key_uri", _uri.Uri.ToString());
        w.WriteString("module", _uri.ModulePath);
        JsonOutput.WriteOptional(w, "pin_object", _uri.PinLine(_keyId));
    }

    public void Dispose()
    {
        _token?.Dispose();
        _uri?.Dispose();
        _file?.Dispose();
    }
}
