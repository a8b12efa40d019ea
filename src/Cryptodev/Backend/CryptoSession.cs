using System.Runtime.CompilerServices;
using Qcrypto.Cryptodev.Wire;
using Qcrypto.Keys;

namespace Qcrypto.Cryptodev.Backend;

/// <summary>
/// One session: its id, kind and the primitives a backend built for it. Reference counted: the
/// session table holds one reference, every request in flight one more, so a session destroyed
/// while a request still runs on another queue is freed (primitives disposed, key material zeroed)
/// when that request ends, never under it.
/// </summary>
public abstract class CryptoSession
{
    private int _references = 1;
    private KeyLease? _key;

    protected CryptoSession(SessionRequest request) => Request = request;

    public ulong Id { get; internal set; }

    public SessionRequest Request { get; }

    public SessionKind Kind => Request.Kind;

    public VirtioCryptoService Service => Request.Service;

    /// <summary>The session's key material in the shared <see cref="KeyStore"/> (null for keyless HASH sessions).</summary>
    internal KeyLease? Key
    {
        get => _key;
        set => _key = value;
    }

    /// <summary>The id the key material is stored under in the <see cref="KeyStore"/>.</summary>
    internal string? KeyStoreId { get; set; }

    internal KeyStore? Store { get; set; }

    /// <summary>Takes a reference for one request; false once the session is being destroyed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal bool TryAcquire()
    {
        while (true)
        {
            var current = Volatile.Read(ref _references);
            if (current <= 0)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _references, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    /// <summary>Drops a reference; the last one frees the primitives and zeroes the key material.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            Free();
        }
    }

    private void Free()
    {
        FreePrimitives();
        _key?.Dispose();
        _key = null;
        if (KeyStoreId is not null)
        {
            Store?.Remove(KeyStoreId);
        }
    }

    /// <summary>Disposes the primitives (key schedules, OpenSSL contexts) built from the key.</summary>
    protected abstract void FreePrimitives();
}
