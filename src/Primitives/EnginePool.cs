namespace Qcrypto.Primitives;

/// <summary>
/// Reuses one stateful primitive (an AesGcm, an IncrementalHash, ...) per session so that the hot
/// path allocates nothing and sets no key up per request. The primitives are not thread-safe; a
/// session may be used from several queues at once, so a request takes the cached instance and a
/// concurrent one makes its own (kept when the slot is free again, else disposed).
/// </summary>
public sealed class EnginePool<T>(Func<T> factory) : IDisposable
    where T : class, IDisposable
{
    private T? _cached;
    private bool _disposed;

    /// <summary>The cached instance, or a new one from the factory when another caller holds it.</summary>
    public T Rent() => Interlocked.Exchange(ref _cached, null) ?? factory();

    /// <summary>Gives an instance back: cached when the slot is free and the pool alive, else disposed.</summary>
    public void Return(T engine)
    {
        if (Volatile.Read(ref _disposed) || Interlocked.CompareExchange(ref _cached, engine, null) is not null)
        {
            engine.Dispose();
        }
        else if (Volatile.Read(ref _disposed))
        {
            // Disposed while we stored it: take it back out and free it.
            Interlocked.Exchange(ref _cached, null)?.Dispose();
        }
    }

    /// <summary>Disposes the cached instance; instances returned later are disposed on return.</summary>
    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        Interlocked.Exchange(ref _cached, null)?.Dispose();
    }
}
