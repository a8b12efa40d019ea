using System.Security.Cryptography;
using Qcrypto.Primitives.Engines;
using Qcrypto.Primitives.Symmetric;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoHashAlgo;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoMacAlgo;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Algorithms;

/// <summary>
/// A HASH or MAC algorithm (with its key): what HASH and MAC sessions and the hash half of a chained
/// session run. The input comes in two parts (a chain's AAD, then the hashed region) hashed as one
/// message. A result length below the natural one truncates (as HMAC-SHA-256-128 does); an XOF
/// (SHAKE) produces exactly the length asked for.
/// </summary>
internal abstract class Authenticator : IDisposable
{
    public static readonly VirtioCryptoHashAlgo[] SupportedHashes =
    [
        VIRTIO_CRYPTO_HASH_MD5, VIRTIO_CRYPTO_HASH_SHA1, VIRTIO_CRYPTO_HASH_SHA_224, VIRTIO_CRYPTO_HASH_SHA_256,
        VIRTIO_CRYPTO_HASH_SHA_384, VIRTIO_CRYPTO_HASH_SHA_512, VIRTIO_CRYPTO_HASH_SHA3_224, VIRTIO_CRYPTO_HASH_SHA3_256,
        VIRTIO_CRYPTO_HASH_SHA3_384, VIRTIO_CRYPTO_HASH_SHA3_512, VIRTIO_CRYPTO_HASH_SHA3_SHAKE128, VIRTIO_CRYPTO_HASH_SHA3_SHAKE256,
    ];

    public static readonly VirtioCryptoMacAlgo[] SupportedMacs =
    [
        VIRTIO_CRYPTO_MAC_HMAC_MD5, VIRTIO_CRYPTO_MAC_HMAC_SHA1, VIRTIO_CRYPTO_MAC_HMAC_SHA_224, VIRTIO_CRYPTO_MAC_HMAC_SHA_256,
        VIRTIO_CRYPTO_MAC_HMAC_SHA_384, VIRTIO_CRYPTO_MAC_HMAC_SHA_512, VIRTIO_CRYPTO_MAC_CMAC_AES, VIRTIO_CRYPTO_MAC_GMAC_AES,
    ];

    /// <summary>The natural output length; the longest result an XOF may give here.</summary>
    public abstract int MaxResultLength { get; }

    /// <summary>False for GMAC, whose message starts with its IV and cannot follow a chain's AAD.</summary>
    public virtual bool CanChain => true;

    /// <summary>Whether <see cref="SupportedHashes"/>' member works on this host (SHA-3 and SHAKE need OpenSSL 1.1.1).</summary>
    public static bool IsAvailable(VirtioCryptoHashAlgo algo) => algo switch
    {
        VIRTIO_CRYPTO_HASH_SHA3_256 => SHA3_256.IsSupported,
        VIRTIO_CRYPTO_HASH_SHA3_384 => SHA3_384.IsSupported,
        VIRTIO_CRYPTO_HASH_SHA3_512 => SHA3_512.IsSupported,
        VIRTIO_CRYPTO_HASH_SHA3_SHAKE128 => Shake128.IsSupported,
        VIRTIO_CRYPTO_HASH_SHA3_SHAKE256 => Shake256.IsSupported,
        _ => Array.IndexOf(SupportedHashes, algo) >= 0,
    };

    public static bool IsAvailable(VirtioCryptoMacAlgo algo) => algo switch
    {
        VIRTIO_CRYPTO_MAC_GMAC_AES => AesNiGcm.IsSupported,
        _ => Array.IndexOf(SupportedMacs, algo) >= 0,
    };

    /// <summary>OK, NOTSUPP (unknown or unavailable algorithm) or ERR (result length out of range).</summary>
    public static VirtioCryptoStatus TryCreateHash(VirtioCryptoHashAlgo algo, uint resultLength, ulong maxXof, out Authenticator? hash)
    {
        hash = null;
        if (!IsAvailable(algo))
        {
            return VIRTIO_CRYPTO_NOTSUPP;
        }

        hash = algo switch
        {
            VIRTIO_CRYPTO_HASH_MD5 => IncrementalAuthenticator.Hash(HashAlgorithmName.MD5, 16),
            VIRTIO_CRYPTO_HASH_SHA1 => IncrementalAuthenticator.Hash(HashAlgorithmName.SHA1, 20),
            VIRTIO_CRYPTO_HASH_SHA_224 => BouncyAuthenticator.Sha224(),
            VIRTIO_CRYPTO_HASH_SHA_256 => IncrementalAuthenticator.Hash(HashAlgorithmName.SHA256, 32),
            VIRTIO_CRYPTO_HASH_SHA_384 => IncrementalAuthenticator.Hash(HashAlgorithmName.SHA384, 48),
            VIRTIO_CRYPTO_HASH_SHA_512 => IncrementalAuthenticator.Hash(HashAlgorithmName.SHA512, 64),
            VIRTIO_CRYPTO_HASH_SHA3_224 => BouncyAuthenticator.Sha3_224(),
            VIRTIO_CRYPTO_HASH_SHA3_256 => IncrementalAuthenticator.Hash(HashAlgorithmName.SHA3_256, 32),
            VIRTIO_CRYPTO_HASH_SHA3_384 => IncrementalAuthenticator.Hash(HashAlgorithmName.SHA3_384, 48),
            VIRTIO_CRYPTO_HASH_SHA3_512 => IncrementalAuthenticator.Hash(HashAlgorithmName.SHA3_512, 64),
            VIRTIO_CRYPTO_HASH_SHA3_SHAKE128 => new ShakeAuthenticator(128, (int)Math.Min(maxXof, int.MaxValue)),
            _ => new ShakeAuthenticator(256, (int)Math.Min(maxXof, int.MaxValue)),
        };
        return CheckLength(ref hash, resultLength);
    }

    /// <summary>OK, NOTSUPP, or ERR (key or result length the algorithm cannot take).</summary>
    public static VirtioCryptoStatus TryCreateMac(VirtioCryptoMacAlgo algo, ReadOnlySpan<byte> key, uint resultLength, out Authenticator? mac)
    {
        mac = null;
        if (!IsAvailable(algo))
        {
            return VIRTIO_CRYPTO_NOTSUPP;
        }

        if (algo is VIRTIO_CRYPTO_MAC_CMAC_AES or VIRTIO_CRYPTO_MAC_GMAC_AES && !AesKey.IsValidKeyLength(key.Length))
        {
            return VIRTIO_CRYPTO_ERR;
        }

        mac = algo switch
        {
            VIRTIO_CRYPTO_MAC_HMAC_MD5 => IncrementalAuthenticator.Hmac(HashAlgorithmName.MD5, key, 16),
            VIRTIO_CRYPTO_MAC_HMAC_SHA1 => IncrementalAuthenticator.Hmac(HashAlgorithmName.SHA1, key, 20),
            VIRTIO_CRYPTO_MAC_HMAC_SHA_224 => BouncyAuthenticator.HmacSha224(key),
            VIRTIO_CRYPTO_MAC_HMAC_SHA_256 => IncrementalAuthenticator.Hmac(HashAlgorithmName.SHA256, key, 32),
            VIRTIO_CRYPTO_MAC_HMAC_SHA_384 => IncrementalAuthenticator.Hmac(HashAlgorithmName.SHA384, key, 48),
            VIRTIO_CRYPTO_MAC_HMAC_SHA_512 => IncrementalAuthenticator.Hmac(HashAlgorithmName.SHA512, key, 64),
            VIRTIO_CRYPTO_MAC_CMAC_AES => new CmacAuthenticator(new AesCmacEngine(key)),
            _ => new GmacAuthenticator(new AesGcmEngine(key)),
        };
        return CheckLength(ref mac, resultLength);
    }

    /// <summary>ERR when the message is unusable (GMAC shorter than its IV); else OK.</summary>
    public abstract VirtioCryptoStatus Compute(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, Span<byte> result);

    public abstract void Dispose();

    private static VirtioCryptoStatus CheckLength(ref Authenticator? algorithm, uint resultLength)
    {
        if (resultLength == 0 || resultLength > (uint)algorithm!.MaxResultLength)
        {
            algorithm!.Dispose();
            algorithm = null;
            return VIRTIO_CRYPTO_ERR;
        }

        return VIRTIO_CRYPTO_OK;
    }
}
