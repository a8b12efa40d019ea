using System.Security.Cryptography;
using Qcrypto.Primitives.Evp;

namespace Qcrypto.Primitives.Engines;

/// <summary>
/// AES-XTS (IEEE 1619-2007) for one key, for many data units from many threads: libcrypto's XTS,
/// a context per direction kept per key. Ours is gone: libcrypto was as fast at 64 bytes and 16
/// times faster from 16 KiB on (README, Benchmarks). The key is key1 || key2 (32 bytes for AES-128,
/// 64 for AES-256; there is no AES-192-XTS), the 16-byte IV is the tweak, and a data unit of
/// 16 bytes to 16 MiB (2^20 blocks, the standard's limit) may end in a partial block (ciphertext stealing).
/// </summary>
public sealed class AesXtsEngine : IDisposable
{
    /// <summary>The longest data unit: 2^20 blocks (IEEE 1619-2007 5.1; OpenSSL refuses more).</summary>
    public const int MaxDataUnit = EvpAesCipher.XtsMaxDataUnit;

    private readonly EvpContextPools _evp;

    /// <summary>Keeps <paramref name="key"/> (key1 || key2) for the contexts, made on first use.</summary>
    /// <exception cref="ArgumentException">The key is not 32 or 64 bytes long.</exception>
    /// <exception cref="CryptographicException">key1 equals key2 (SP 800-38E forbids it; OpenSSL refuses it), or libcrypto.so.3 is missing.</exception>
    public AesXtsEngine(ReadOnlySpan<byte> key)
    {
        if (!IsValidKeyLength(key.Length))
        {
            throw new ArgumentException("AES-XTS needs a 32 or 64-byte key", nameof(key));
        }

        if (CryptographicOperations.FixedTimeEquals(key[..(key.Length / 2)], key[(key.Length / 2)..]))
        {
            throw new CryptographicException("AES-XTS refuses a key whose halves are equal");
        }

        if (!IsSupported)
        {
            throw new CryptographicException("AES-XTS needs libcrypto.so.3");
        }

        _evp = new EvpContextPools(key);
    }

    /// <summary>True when libcrypto.so.3 can be loaded (XTS has no other engine).</summary>
    public static bool IsSupported => EvpAesCipher.IsAvailable;

    /// <summary>True for the XTS key lengths: 32 and 64 bytes.</summary>
    public static bool IsValidKeyLength(int length) => length is 32 or 64;

    /// <summary>One data unit, <paramref name="dst"/> as long as <paramref name="src"/> (may alias it exactly).</summary>
    /// <exception cref="ArgumentException">The IV is shorter than 16 bytes, or the data unit is under 16 bytes or over <see cref="MaxDataUnit"/>.</exception>
    public void Transform(bool encrypt, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> src, Span<byte> dst) =>
        _evp.Transform(EvpAesMode.Xts, encrypt, iv, src, dst);

    /// <summary>Frees the contexts and zeroes the key.</summary>
    public void Dispose() => _evp.Dispose();
}
