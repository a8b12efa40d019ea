using Qcrypto.Tls.Creds;
using Qcrypto.Tls.Sessions;

namespace Qcrypto.Native.Tls;

/// <summary>
/// A QcryptoTLSSession: a <see cref="TlsSession"/> over the caller's callbacks. Reads and writes each have a
/// lock (one reader and one writer may overlap, as GnuTLS allows); the handshake and freeing take both.
/// </summary>
internal sealed class NativeTlsSession : IDisposable
{
    private readonly object _readLock = new();
    private readonly object _writeLock = new();
    private readonly NativeRegistry _registry;
    private bool _disposed;

    private NativeTlsSession(NativeRegistry registry, TlsSession session, CallbackTransport transport)
    {
        _registry = registry;
        Session = session;
        Transport = transport;
    }

    public TlsSession Session { get; }

    public CallbackTransport Transport { get; }

    public object ReadLock => _readLock;

    public object WriteLock => _writeLock;

    public static NativeTlsSession Create(NativeRegistry registry, string credsId, string? hostname, string? authzId, TlsEndpoint endpoint)
    {
        var transport = new CallbackTransport();
        var session = registry.Read(r => TlsSession.Create(r.Get<TlsCreds>(credsId), hostname, authzId, endpoint, transport, r));
        registry.AddDependent();
        return new NativeTlsSession(registry, session, transport);
    }

    /// <summary>The credential checks read the registry (authz objects): under its read lock.</summary>
    public void CheckCredentials() => _registry.Read(_ =>
    {
        Session.CheckCredentials();
        return 0;
    });

    public void Dispose()
    {
        lock (_readLock)
        {
            lock (_writeLock)
            {
                if (_disposed)
                {
                    return;
                }

                _disposed = true;
                try
                {
                    Session.Dispose();
                }
                finally
                {
                    _registry.RemoveDependent();
                }
            }
        }
    }
}
