using System.Text.Json;
using Qcrypto.Errors;
using Qcrypto.Tls;
using Qcrypto.Tls.Sessions;

namespace Qcrypto.Cli.Commands;

/// <summary>What `tls serve` and `tls connect` tell about a session: human lines on stderr, or JSON.</summary>
internal static class TlsReport
{
    public static void Human(string who, TlsSessionInfo info)
    {
        Std.Err.WriteLine($"{who}: handshake ok: {info.Description} (protocol {info.Protocol}, cipher {info.Cipher}, key exchange {info.KeyExchange})");
        if (info.PeerName is not null)
        {
            Std.Err.WriteLine($"{who}: peer DN: {info.PeerName}");
        }
    }

    public static void Json(Utf8JsonWriter w, string peer, TlsSessionInfo? info, QcryptoException? error, long received, long sent, string? warning = null)
    {
        w.WriteStartObject();
        w.WriteString("peer", peer);
        w.WriteBoolean("ok", error is null);
        if (info is not null)
        {
            w.WriteString("protocol", info.Protocol);
            w.WriteString("cipher", info.Cipher);
            w.WriteString("key_exchange", info.KeyExchange);
            w.WriteString("description", info.Description);
            JsonOutput.WriteOptional(w, "peer_dn", info.PeerName);
        }

        w.WriteNumber("bytes_received", received);
        w.WriteNumber("bytes_sent", sent);
        if (error is not null)
        {
            JsonOutput.WriteError(w, "error", error);
        }

        // The fatal alert the peer sent, if any: the reason a generic GnuTLS message hides.
        if (error is TlsSessionException { Alert: { } alert })
        {
            w.WriteStartObject("alert");
            w.WriteNumber("number", alert.Number);
            w.WriteString("name", alert.Name);
            w.WriteString("description", alert.Description);
            w.WriteEndObject();
        }
        else
        {
            w.WriteNull("alert");
        }

        JsonOutput.WriteOptional(w, "warning", warning);

        w.WriteEndObject();
    }
}
