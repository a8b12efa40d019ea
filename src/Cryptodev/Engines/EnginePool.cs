namespace Qcrypto.Cryptodev.Engines;

/// <summary>
/// Reuses one stateful primitive (an AesGcm, an IncrementalHash, ...) per session so that the hot
/// path allocates nothing and sets no key up per request. The primitives are not thread-safe; a
/// session may be used from several queues at once, so a request takes the cached instance and a
/// concurrent one makes its own (kept when the slot is free again, else disposed).
/// </summary>
internal sealed class EnginePool<T>(Func<T> factory) : IDisposable
    where T : class, IDisposable
{
    private T? _cached;
    private bool _disposed;

    public T Rent() => Interlocked.Exchange(ref _cached, null) ?? factory();

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

    public void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        Interlocked.Exchange(ref _cached, null)?.Dispose();
    }
}
