using System.Runtime.InteropServices;
using Qcrypto.Objects;
using Qcrypto.Objects.Schema;
using Qcrypto.Tls.Native.SafeHandles;
using Qcrypto.Tls.Native;

namespace Qcrypto.Tls.Creds;

/// <summary>
/// tls-creds-anon (QEMU crypto/tlscredsanon.c): anonymous Diffie-Hellman, no authentication. A server
/// uses dh-params.pem from dir when present; a client ignores dir.
/// </summary>
public sealed class TlsCredsAnon : TlsCreds
{
    private SafeAnonServerCredentialsHandle? _server;
    private SafeAnonClientCredentialsHandle? _client;

    private TlsCredsAnon(ObjectType type, string id)
        : base(type, id)
    {
    }

    /// <summary>The type: its schema (QAPI TlsCredsAnonProperties) and its factory.</summary>
    public static ObjectType Definition { get; } = new(
        new ObjectTypeSchema("tls-creds-anon", "anonymous (unauthenticated) TLS credentials", [.. CommonProperties("tls-creds-anon")]),
        (type, id) => new TlsCredsAnon(type, id));

    protected override string? PrioritySuffix => "+ANON-DH";

    internal override (int Type, SafeHandle Handle) NativeCredentials =>
        (Interop.GnuTls.GNUTLS_CRD_ANON, (SafeHandle?)_server ?? _client ?? throw new InvalidOperationException("credentials not loaded"));

    protected override void Load(ObjectRegistry registry)
    {
        if (Endpoint == TlsEndpoint.Server)
        {
            var dhParams = GetPath(TlsCredsFiles.DhParams, required: false);
            CheckAllocation(Interop.GnuTls.gnutls_anon_allocate_server_credentials(out _server));
            Interop.GnuTls.gnutls_anon_set_server_dh_params(_server, LoadDhParams(dhParams));
        }
        else
        {
            CheckAllocation(Interop.GnuTls.gnutls_anon_allocate_client_credentials(out _client));
        }
    }

    protected override void Unload()
    {
        _server?.Dispose();
        _client?.Dispose();
    }
}
