using System.Security.Cryptography;
using Qcrypto.Primitives;
using Qcrypto.Cryptodev.Wire;

namespace Qcrypto.Cryptodev.Algorithms;

/// <summary>SHAKE128/SHAKE256 (FIPS 202 XOFs): the output is as long as hash_result_len asks.</summary>
internal sealed class ShakeAuthenticator : Authenticator
{
    private readonly EnginePool<IDisposable> _pool;
    private readonly int _maxLength;

    public ShakeAuthenticator(int bits, int maxLength)
    {
        _maxLength = maxLength;
        _pool = new EnginePool<IDisposable>(bits == 128 ? () => new Shake128() : () => new Shake256());
    }

    public override int MaxResultLength => _maxLength;

    public override VirtioCryptoStatus Compute(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> result)
    {
        var engine = _pool.Rent();
        switch (engine)
        {
            case Shake128 s128:
                s128.AppendData(first);
                s128.AppendData(second);
                s128.GetHashAndReset(result);
                break;
            case Shake256 s256:
                s256.AppendData(first);
                s256.AppendData(second);
                s256.GetHashAndReset(result);
                break;
        }

        _pool.Return(engine);
        return VirtioCryptoStatus.VIRTIO_CRYPTO_OK;
    }

    public override void Dispose() => _pool.Dispose();
}
