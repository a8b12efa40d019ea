using System.Runtime.InteropServices;
using Qcrypto.Keys;
using Qcrypto.Objects;
using Qcrypto.Objects.Schema;
using Qcrypto.Tls.Native.SafeHandles;
using Qcrypto.Tls.Native;

namespace Qcrypto.Tls.Creds;

/// <summary>
/// tls-creds-psk (QEMU crypto/tlscredspsk.c): pre-shared keys from dir/keys.psk ("username:hexkey"
/// lines, as psktool writes them). A server hands the file to GnuTLS; a client looks up its username
/// (default "qemu") and keeps the key in the shared <see cref="KeyStore"/> under the object's id.
/// </summary>
public sealed class TlsCredsPsk : TlsCreds
{
    /// <summary>QEMU's default PSK identity.</summary>
    public const string DefaultUsername = "qemu";

    private SafePskServerCredentialsHandle? _server;
    private SafePskClientCredentialsHandle? _client;
    private bool _keyStored;

    private TlsCredsPsk(ObjectType type, string id)
        : base(type, id)
    {
    }

    /// <summary>The type: its schema (QAPI TlsCredsPskProperties, in member order) and its factory.</summary>
    public static ObjectType Definition { get; } = new(
        new ObjectTypeSchema("tls-creds-psk", "TLS pre-shared key credentials (dir/keys.psk)", [
            .. CommonProperties("tls-creds-psk"),
            PropertySchema.Str("username", "client only: the PSK identity to send") with { Default = "qemu" },
        ]),
        (type, id) => new TlsCredsPsk(type, id));

    public string? Username { get; private set; }

    protected override string? PrioritySuffix => "+ECDHE-PSK:+DHE-PSK:+PSK";

    internal override (int Type, SafeHandle Handle) NativeCredentials =>
        (Interop.GnuTls.GNUTLS_CRD_PSK, (SafeHandle?)_server ?? _client ?? throw new InvalidOperationException("credentials not loaded"));

    protected override void OnPropertySet(PropertySchema property, PropertyValue value)
    {
        if (property.Name == "username")
        {
            Username = value.Text;
        }
        else
        {
            base.OnPropertySet(property, value);
        }
    }

    protected override void Load(ObjectRegistry registry)
    {
        if (Endpoint == TlsEndpoint.Server)
        {
            if (Username is not null)
            {
                throw Error(TlsErrorCodes.UsernameOnServer, "username should not be set when endpoint=server", "username",
                    "a server accepts every user listed in keys.psk: remove username=");
            }

            var dhParams = GetPath(TlsCredsFiles.DhParams, required: false);
            var pskFile = GetPath(TlsCredsFiles.PskFile, required: true)!;
            CheckAllocation(Interop.GnuTls.gnutls_psk_allocate_server_credentials(out _server));
            var parameters = LoadDhParams(dhParams);
            var rc = Interop.GnuTls.gnutls_psk_set_server_credentials_file(_server, pskFile);
            if (rc < 0)
            {
                throw GnuTlsError(TlsErrorCodes.PskCredentials, "Cannot set PSK server credentials", rc, "dir",
                    "keys.psk holds lines username:hexkey (psktool -u NAME -p keys.psk)");
            }

            Interop.GnuTls.gnutls_psk_set_server_dh_params(_server, parameters);
        }
        else
        {
            var pskFile = GetPath(TlsCredsFiles.PskFile, required: true)!;
            var username = Username ?? DefaultUsername;
            using var hexKey = LookupKey(pskFile, username);
            CheckAllocation(Interop.GnuTls.gnutls_psk_allocate_client_credentials(out _client));
            int rc;
            unsafe
            {
                fixed (byte* p = hexKey.Span)
                {
                    var datum = new Interop.GnuTls.Datum { Data = p, Size = (uint)hexKey.Length };
                    rc = Interop.GnuTls.gnutls_psk_set_client_credentials(_client, username, datum, Interop.GnuTls.GNUTLS_PSK_KEY_HEX);
                }
            }

            if (rc < 0)
            {
                // Never the key itself: only what is wrong with its text.
                var problem = PskKeyText.Problem(System.Text.Encoding.Latin1.GetString(hexKey.Span)) ?? "is not what GnuTLS accepts";
                throw GnuTlsError(TlsErrorCodes.PskCredentials, "Cannot set PSK client credentials", rc, "dir",
                    $"the key of '{username}' in {pskFile} {problem}; psktool -u {username} -p {pskFile} writes a good one");
            }

            registry.Keys.Put(Id, DecodeHex(hexKey.Span));
            _keyStored = true;
        }
    }

    protected override void Unload()
    {
        _server?.Dispose();
        _client?.Dispose();
        if (_keyStored)
        {
            Registry?.Keys.Remove(Id);
        }
    }

    /// <summary>
    /// For a server's failed handshake: what is wrong with our keys.psk entry for <paramref name="username"/> (no entry,
    /// or a key GnuTLS cannot decode), or null when it looks right. Never the key itself.
    /// </summary>
    internal string? EntryProblem(string username)
    {
        try
        {
            using var key = LookupKey(GetPath(TlsCredsFiles.PskFile, required: true)!, username);
            return PskKeyText.Problem(System.Text.Encoding.Latin1.GetString(key.Span)) is { } problem ? $"the key of '{username}' in our keys.psk {problem}" : null;
        }
        catch (TlsCredsException e) when (e.Code == TlsErrorCodes.PskUsername)
        {
            return $"our keys.psk has no entry for user '{username}'";
        }
        catch (TlsCredsException)
        {
            return null;
        }
    }

    /// <summary>The users whose keys.psk entry GnuTLS cannot decode, with what is wrong (never the keys).</summary>
    internal IReadOnlyList<string> MalformedEntries()
    {
        var found = new List<string>();
        try
        {
            using var content = GlibFile.ReadSecret(GetPath(TlsCredsFiles.PskFile, required: true)!);
            foreach (var line in System.Text.Encoding.Latin1.GetString(content.Span).Split('\n'))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0 && PskKeyText.Problem(line.AsSpan(colon + 1)) is { } problem)
                {
                    found.Add($"the key of '{line[..colon]}' {problem}");
                }
            }
        }
        catch (Exception e) when (e is TlsCredsException or GlibFileException)
        {
        }

        return found;
    }

    /// <summary>QEMU's lookup_key: the first line starting with "username:" gives the key, taken verbatim.</summary>
    private SecretBuffer LookupKey(string pskFile, string username)
    {
        SecretBuffer content;
        try
        {
            content = GlibFile.ReadSecret(pskFile);
        }
        catch (GlibFileException e)
        {
            throw Error(TlsErrorCodes.PskFile, $"Cannot read PSK file {pskFile}: {e.Message}", "dir");
        }

        using (content)
        {
            var prefix = Posix.RawText.GetBytes(username + ":");
            var rest = content.Span;
            while (true)
            {
                var newline = rest.IndexOf((byte)'\n');
                var line = newline < 0 ? rest : rest[..newline];
                if (line.StartsWith(prefix))
                {
                    // strlen(): the key ends at a NUL, as QEMU's g_strdup copy does.
                    var key = line[prefix.Length..];
                    var nul = key.IndexOf((byte)0);
                    return SecretBuffer.CopyOf(nul < 0 ? key : key[..nul]);
                }

                if (newline < 0)
                {
                    break;
                }

                rest = rest[(newline + 1)..];
            }
        }

        throw Error(TlsErrorCodes.PskUsername, $"Username {username} not found in PSK file {pskFile}", "username",
            $"add a line {username}:<hexkey> (psktool -u {username} -p {pskFile}) or set username= to a listed user");
    }

    private static SecretBuffer DecodeHex(ReadOnlySpan<byte> hex)
    {
        var bytes = SecretBuffer.Allocate(hex.Length / 2);
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes.WritableSpan[i] = (byte)((Nibble(hex[2 * i]) << 4) | Nibble(hex[(2 * i) + 1]));
        }

        return bytes;

        static int Nibble(byte c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
    }
}
