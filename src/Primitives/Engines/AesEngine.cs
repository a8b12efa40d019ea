using Qcrypto.Primitives.Evp;
using Qcrypto.Primitives.Symmetric;

namespace Qcrypto.Primitives.Engines;

/// <summary>
/// AES in ECB, CBC and CTR for one key, for many messages from many threads (a virtio-crypto session):
/// each message goes to whichever engine is faster at its size. Our AES-NI code has no per-call
/// set-up and wins small messages (about 5x at 64 bytes); a libcrypto context kept per key (OpenSSL's
/// eight-block AES-NI/AVX code) wins large ones (about 2x at 16 KiB) once its per-call cost is paid.
/// CBC encryption is a serial chain that neither can pipeline, so it stays ours at every size. The
/// crossovers below were measured with `bench/Qcrypto.Bench.Primitives` (README, Benchmarks).
/// Without AES-NI every message goes to libcrypto; without libcrypto.so.3, to <see cref="AesKey"/>.
/// </summary>
public sealed class AesEngine : IDisposable
{
    /// <summary>ECB messages of at least this many bytes go to libcrypto (ours/libcrypto: 1.34 at 512 B, 0.97 at 1 KiB).</summary>
    public const int EcbCrossover = 1024;

    /// <summary>CBC decryptions of at least this many bytes go to libcrypto (ours/libcrypto: 1.29 at 1 KiB, 1.00 at 2 KiB).</summary>
    public const int CbcDecryptCrossover = 2048;

    /// <summary>CTR messages of at least this many bytes go to libcrypto (ours/libcrypto: 1.60 at 512 B, 1.11 at 1 KiB, 0.90 at 2 KiB).</summary>
    public const int CtrCrossover = 1024;

    private readonly AesKey _key;
    private readonly AesNiKey? _ni;
    private readonly EvpContextPools? _evp;

    /// <summary>Expands <paramref name="key"/> (16, 24 or 32 bytes); libcrypto contexts are made on first use.</summary>
    /// <exception cref="ArgumentException">The key is not 16, 24 or 32 bytes long.</exception>
    public AesEngine(ReadOnlySpan<byte> key)
    {
        _key = AesKey.Create(key);
        _ni = _key as AesNiKey;
        _evp = EvpAesCipher.IsAvailable ? new EvpContextPools(key) : null;
    }

    /// <summary>Encrypts whole blocks; <paramref name="dst"/> may alias <paramref name="src"/> exactly.</summary>
    public void EncryptEcb(ReadOnlySpan<byte> src, Span<byte> dst)
    {
        if (Ours(src.Length, EcbCrossover))
        {
            _key.EncryptEcb(src, dst);
            return;
        }

        _evp!.Transform(EvpAesMode.Ecb, true, [], src, dst);
    }

    /// <summary>Decrypts whole blocks; <paramref name="dst"/> may alias <paramref name="src"/> exactly.</summary>
    public void DecryptEcb(ReadOnlySpan<byte> src, Span<byte> dst)
    {
        if (Ours(src.Length, EcbCrossover))
        {
            _key.DecryptEcb(src, dst);
            return;
        }

        _evp!.Transform(EvpAesMode.Ecb, false, [], src, dst);
    }

    /// <summary>CBC-encrypts whole blocks with a 16-byte IV, no padding; <paramref name="dst"/> may alias <paramref name="src"/> exactly.</summary>
    public void EncryptCbc(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> src, Span<byte> dst)
    {
        // Called through the sealed type: a direct (inlinable) call on the 64-byte request path.
        if (_ni is { } ni)
        {
            ni.EncryptCbc(iv, src, dst);
            return;
        }

        if (_evp is null)
        {
            _key.EncryptCbc(iv, src, dst);
            return;
        }

        _evp.Transform(EvpAesMode.Cbc, true, iv, src, dst);
    }

    /// <summary>CBC-decrypts whole blocks with a 16-byte IV, padding untouched; <paramref name="dst"/> may alias <paramref name="src"/> exactly.</summary>
    public void DecryptCbc(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> src, Span<byte> dst)
    {
        if (Ours(src.Length, CbcDecryptCrossover))
        {
            if (_ni is { } ni)
            {
                ni.DecryptCbc(iv, src, dst);
            }
            else
            {
                _key.DecryptCbc(iv, src, dst);
            }

            return;
        }

        _evp!.Transform(EvpAesMode.Cbc, false, iv, src, dst);
    }

    /// <summary>CTR with a 128-bit big-endian counter (<paramref name="counter"/>: the first block); any length, both directions.</summary>
    public void Ctr(ReadOnlySpan<byte> counter, ReadOnlySpan<byte> src, Span<byte> dst)
    {
        if (Ours(src.Length, CtrCrossover))
        {
            _key.Ctr(counter, src, dst);
            return;
        }

        _evp!.Transform(EvpAesMode.Ctr, true, counter, src, dst);
    }

    /// <summary>Zeroes the round keys and frees the libcrypto contexts.</summary>
    public void Dispose()
    {
        _key.Dispose();
        _evp?.Dispose();
    }

    private bool Ours(int length, int crossover) => _evp is null || (_ni is not null && length < crossover);
}
