using System.Security.Cryptography;
using Qcrypto.Primitives;
using Qcrypto.Cryptodev.Wire;

namespace Qcrypto.Cryptodev.Algorithms;

/// <summary>
/// MD5, SHA-1, SHA-2, SHA-3 and their HMACs through .NET's IncrementalHash (OpenSSL), one reused
/// instance per session (<see cref="EnginePool{T}"/>): no allocation and no key setup per request.
/// </summary>
internal sealed class IncrementalAuthenticator : Authenticator
{
    private readonly EnginePool<IncrementalHash> _pool;
    private readonly int _length;
    private readonly byte[]? _key;

    private IncrementalAuthenticator(Func<IncrementalHash> factory, int length, byte[]? key)
    {
        _length = length;
        _key = key;
        _pool = new EnginePool<IncrementalHash>(factory);
        _pool.Return(_pool.Rent());
    }

    public static IncrementalAuthenticator Hash(HashAlgorithmName name, int length) =>
        new(() => IncrementalHash.CreateHash(name), length, null);

    public static IncrementalAuthenticator Hmac(HashAlgorithmName name, ReadOnlySpan<byte> key, int length)
    {
        // The factory needs the key again for a second instance under contention: a pinned copy, zeroed on dispose.
        var copy = PinnedBytes.Copy(key);
        return new IncrementalAuthenticator(() => IncrementalHash.CreateHMAC(name, copy), length, copy);
    }

    public override int MaxResultLength => _length;

    public override VirtioCryptoStatus Compute(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> result)
    {
        var hash = _pool.Rent();
        Span<byte> full = stackalloc byte[64];
        hash.AppendData(first);
        hash.AppendData(second);
        var written = hash.GetHashAndReset(full);
        _pool.Return(hash);
        full[..result.Length].CopyTo(result);
        CryptographicOperations.ZeroMemory(full[..written]);
        return VirtioCryptoStatus.VIRTIO_CRYPTO_OK;
    }

    public override void Dispose()
    {
        _pool.Dispose();
        if (_key is not null)
        {
            CryptographicOperations.ZeroMemory(_key);
        }
    }
}
