using System.Security.Cryptography;

namespace Qcrypto.Keys;

/// <summary>
/// Key material in a pinned array (the GC never copies it elsewhere), reference counted, and zeroed
/// when the last holder releases it. The creator holds the first reference; every
/// <see cref="KeyLease"/> holds one more.
/// </summary>
/// <remarks>Thread-safe: references are counted with interlocked operations.</remarks>
public sealed class SecretBuffer : IDisposable
{
    private readonly byte[] _storage;
    private int _references = 1;

    private SecretBuffer(int capacity, int length)
    {
        _storage = GC.AllocateArray<byte>(capacity, pinned: true);
        Length = length;
    }

    /// <summary>Number of valid bytes (the storage may be larger, e.g. after padding was stripped).</summary>
    public int Length { get; private set; }

    /// <summary>True once the contents were zeroed; reading is then an error.</summary>
    public bool IsZeroed => Volatile.Read(ref _references) <= 0;

    internal int References => Volatile.Read(ref _references);

    /// <summary>A new zero-filled buffer of <paramref name="length"/> bytes.</summary>
    public static SecretBuffer Allocate(int length) => new(length, length);

    /// <summary>A pinned copy of <paramref name="source"/>.</summary>
    public static SecretBuffer CopyOf(ReadOnlySpan<byte> source)
    {
        var buffer = Allocate(source.Length);
        source.CopyTo(buffer._storage);
        return buffer;
    }

    /// <summary>The bytes, for reading.</summary>
    public ReadOnlySpan<byte> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsZeroed, this);
            return _storage.AsSpan(0, Length);
        }
    }

    /// <summary>The bytes, for the owner filling the buffer before it is shared.</summary>
    public Span<byte> WritableSpan
    {
        get
        {
            ObjectDisposedException.ThrowIf(IsZeroed, this);
            return _storage.AsSpan(0, Length);
        }
    }

    /// <summary>Shortens the valid length (bytes beyond it are zeroed at once).</summary>
    public void Truncate(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Length);
        CryptographicOperations.ZeroMemory(_storage.AsSpan(length, Length - length));
        Length = length;
    }

    /// <summary>Takes one more reference; fails if the buffer was already zeroed.</summary>
    internal void AddReference()
    {
        while (true)
        {
            var current = Volatile.Read(ref _references);
            ObjectDisposedException.ThrowIf(current <= 0, this);
            if (Interlocked.CompareExchange(ref _references, current + 1, current) == current)
            {
                return;
            }
        }
    }

    /// <summary>Drops one reference; the last one zeroes the contents.</summary>
    internal void Release()
    {
        if (Interlocked.Decrement(ref _references) == 0)
        {
            CryptographicOperations.ZeroMemory(_storage);
        }
    }

    /// <summary>Drops the creator's reference.</summary>
    public void Dispose() => Release();
}
