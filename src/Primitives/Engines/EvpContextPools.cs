using System.Security.Cryptography;
using Qcrypto.Primitives.Evp;

namespace Qcrypto.Primitives.Engines;

/// <summary>
/// The libcrypto contexts of one key: a pool per mode and direction, each made on first use (a
/// context costs a key schedule, and most sessions use one mode in one direction). The key is kept
/// in a pinned copy for the contexts still to be made, zeroed on <see cref="Dispose"/>.
/// </summary>
internal sealed class EvpContextPools : IDisposable
{
    private readonly byte[] _key;
    private readonly EnginePool<EvpAesCipher>?[] _pools = new EnginePool<EvpAesCipher>?[2 * (int)(EvpAesMode.Xts + 1)];

    public EvpContextPools(ReadOnlySpan<byte> key)
    {
        _key = PinnedBytes.Copy(key);
    }

    /// <summary>One message through a pooled context of <paramref name="mode"/> and direction.</summary>
    public void Transform(EvpAesMode mode, bool encrypt, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> src, Span<byte> dst)
    {
        var pool = Pool(mode, encrypt);
        var context = pool.Rent();
        try
        {
            context.Transform(iv, src, dst);
        }
        finally
        {
            pool.Return(context);
        }
    }

    public void Dispose()
    {
        foreach (var pool in _pools)
        {
            pool?.Dispose();
        }

        CryptographicOperations.ZeroMemory(_key);
    }

    private EnginePool<EvpAesCipher> Pool(EvpAesMode mode, bool encrypt)
    {
        var slot = (2 * (int)mode) + (encrypt ? 1 : 0);
        if (Volatile.Read(ref _pools[slot]) is { } existing)
        {
            return existing;
        }

        var created = new EnginePool<EvpAesCipher>(() => new EvpAesCipher(mode, _key, encrypt));
        if (Interlocked.CompareExchange(ref _pools[slot], created, null) is { } raced)
        {
            created.Dispose();
            return raced;
        }

        return created;
    }
}
