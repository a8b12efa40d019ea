namespace Qcrypto.Keys;

/// <summary>
/// A held reference to key material from the <see cref="KeyStore"/>. While any lease is open the bytes
/// stay valid and the owning object cannot be deleted; disposing the lease gives the reference back.
/// </summary>
public sealed class KeyLease : IDisposable
{
    private SecretBuffer? _buffer;

    internal KeyLease(string id, SecretBuffer buffer)
    {
        buffer.AddReference();
        Id = id;
        _buffer = buffer;
    }

    /// <summary>The id of the object the key material belongs to.</summary>
    public string Id { get; }

    /// <summary>The key material. Never copy it into a string.</summary>
    public ReadOnlySpan<byte> Bytes => (_buffer ?? throw new ObjectDisposedException(nameof(KeyLease))).Span;

    public int Length => (_buffer ?? throw new ObjectDisposedException(nameof(KeyLease))).Length;

    public void Dispose() => Interlocked.Exchange(ref _buffer, null)?.Release();
}
