using Qcrypto.Native.Api;
using Qcrypto.Objects;

namespace Qcrypto.Native;

/// <summary>
/// A QcryptoRegistry: an <see cref="ObjectRegistry"/> made safe to share between threads. Adding and
/// deleting objects take the write lock (see <see cref="ReadMostlyLock"/>) (QEMU's main loop does them one at a time); lookups, sessions
/// and requests take the read lock and run in parallel (the key store and the objects they touch are
/// thread-safe).
/// </summary>
internal sealed class NativeRegistry : IDisposable
{
    private readonly ReadMostlyLock _lock = new();
    private readonly ObjectRegistry _registry = NativeCatalog.CreateRegistry();
    private bool _disposed;
    private int _dependents;
    private int _freeRequested;

    public T Read<T>(Func<ObjectRegistry, T> action)
    {
        _lock.EnterRead();
        try
        {
            ThrowIfDisposed();
            return action(_registry);
        }
        finally
        {
            _lock.ExitRead();
        }
    }

    /// <summary><see cref="Read{T}"/> without a closure, for the hot paths (secret lookups).</summary>
    public T Read<TState, T>(TState state, Func<ObjectRegistry, TState, T> action)
        where TState : allows ref struct
    {
        _lock.EnterRead();
        try
        {
            ThrowIfDisposed();
            return action(_registry, state);
        }
        finally
        {
            _lock.ExitRead();
        }
    }

    public T Write<T>(Func<ObjectRegistry, T> action)
    {
        _lock.EnterWrite();
        try
        {
            ThrowIfDisposed();
            return action(_registry);
        }
        finally
        {
            _lock.ExitWrite();
        }
    }

    /// <summary>A handle made from this registry (TLS session, cryptodev device) is live: the registry outlives it.</summary>
    public void AddDependent() => Interlocked.Increment(ref _dependents);

    public void RemoveDependent()
    {
        if (Interlocked.Decrement(ref _dependents) == 0 && Volatile.Read(ref _freeRequested) != 0)
        {
            Dispose();
        }
    }

    /// <summary>
    /// qcrypto_registry_free: frees now, or, while sessions or devices made from it are live (their GnuTLS
    /// credentials and keys belong to its objects), when the last of them is freed. False in the second case.
    /// </summary>
    public bool Free()
    {
        Volatile.Write(ref _freeRequested, 1);
        if (Volatile.Read(ref _dependents) > 0)
        {
            return false;
        }

        Dispose();
        return true;
    }

    public void Dispose()
    {
        _lock.EnterWrite();
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _registry.Dispose();
        }
        finally
        {
            _lock.ExitWrite();
        }
    }

    private void ThrowIfDisposed()
    {
        if (_disposed)
        {
            throw new NativeApiException(ErrorSink.InvalidHandle, "the registry has been freed");
        }
    }
}
