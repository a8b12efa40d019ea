using System.Security.Cryptography;
using Qcrypto.Cryptodev.Engines;
using Qcrypto.Primitives.Engines;
using Qcrypto.Primitives.Symmetric;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoCipherAlgo;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Algorithms;

/// <summary>
/// A CIPHER-service algorithm with its key: AES ECB/CBC/CTR (16/24/32-byte keys), AES-XTS (32/64),
/// 3DES ECB/CBC/CTR (24). Single DES, ARC4, KASUMI, SNOW3G, ZUC and AES-F8 are NOTSUPP (and not
/// advertised). Immutable after creation or internally locked: safe from every queue at once.
/// </summary>
internal abstract class SymmetricCipher : IDisposable
{
    /// <summary>The algorithms <see cref="TryCreate"/> accepts: what the config space advertises.</summary>
    /// <remarks>AES-XTS runs on libcrypto only: it is advertised when libcrypto.so.3 loads.</remarks>
    public static readonly VirtioCryptoCipherAlgo[] Supported =
    [
        VIRTIO_CRYPTO_CIPHER_AES_ECB, VIRTIO_CRYPTO_CIPHER_AES_CBC, VIRTIO_CRYPTO_CIPHER_AES_CTR,
        .. AesXtsEngine.IsSupported ? [VIRTIO_CRYPTO_CIPHER_AES_XTS] : Array.Empty<VirtioCryptoCipherAlgo>(),
        VIRTIO_CRYPTO_CIPHER_3DES_ECB, VIRTIO_CRYPTO_CIPHER_3DES_CBC, VIRTIO_CRYPTO_CIPHER_3DES_CTR,
    ];

    /// <summary>Block size: the IV length CBC and CTR need, and the unit ECB and CBC lengths must be multiples of.</summary>
    public abstract int BlockSize { get; }

    /// <summary>OK with a cipher; NOTSUPP for algorithms we do not do; ERR for a key of the wrong length.</summary>
    public static VirtioCryptoStatus TryCreate(VirtioCryptoCipherAlgo algo, ReadOnlySpan<byte> key, out SymmetricCipher? cipher)
    {
        cipher = null;
        try
        {
            switch (algo)
            {
                case VIRTIO_CRYPTO_CIPHER_AES_ECB or VIRTIO_CRYPTO_CIPHER_AES_CBC or VIRTIO_CRYPTO_CIPHER_AES_CTR:
                    if (!AesKey.IsValidKeyLength(key.Length))
                    {
                        return VIRTIO_CRYPTO_ERR;
                    }

                    cipher = new AesModeCipher(algo, new AesEngine(key));
                    return VIRTIO_CRYPTO_OK;
                case VIRTIO_CRYPTO_CIPHER_AES_XTS:
                    if (!AesXtsEngine.IsSupported)
                    {
                        return VIRTIO_CRYPTO_NOTSUPP;
                    }

                    if (!AesXtsEngine.IsValidKeyLength(key.Length))
                    {
                        return VIRTIO_CRYPTO_ERR;
                    }

                    // Throws CryptographicException (ERR below) for a key whose halves are equal.
                    cipher = new AesXtsCipher(new AesXtsEngine(key));
                    return VIRTIO_CRYPTO_OK;
                case VIRTIO_CRYPTO_CIPHER_3DES_ECB or VIRTIO_CRYPTO_CIPHER_3DES_CBC or VIRTIO_CRYPTO_CIPHER_3DES_CTR:
                    if (key.Length != 24)
                    {
                        return VIRTIO_CRYPTO_ERR;
                    }

                    cipher = new TripleDesModeCipher(algo, new TripleDesCipher(key));
                    return VIRTIO_CRYPTO_OK;
                default:
                    return VIRTIO_CRYPTO_NOTSUPP;
            }
        }
        catch (CryptographicException)
        {
            // A 3DES key whose thirds repeat, an XTS key whose halves are equal: weak keys the engines refuse.
            return VIRTIO_CRYPTO_ERR;
        }
    }

    /// <summary>
    /// <paramref name="dst"/> has <paramref name="src"/>'s length. ERR for an IV of the wrong length
    /// or a length the mode cannot take (ECB/CBC: whole blocks; XTS: at least one block).
    /// </summary>
    public abstract VirtioCryptoStatus Transform(bool encrypt, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> src, Span<byte> dst);

    public abstract void Dispose();
}

/// <summary>AES in ECB, CBC or CTR mode.</summary>
internal sealed class AesModeCipher(VirtioCryptoCipherAlgo mode, AesEngine engine) : SymmetricCipher
{
    public override int BlockSize => 16;

    public override VirtioCryptoStatus Transform(bool encrypt, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> src, Span<byte> dst)
    {
        switch (mode)
        {
            case VIRTIO_CRYPTO_CIPHER_AES_ECB:
                if (src.Length % 16 != 0)
                {
                    return VIRTIO_CRYPTO_ERR;
                }

                if (encrypt)
                {
                    engine.EncryptEcb(src, dst);
                }
                else
                {
                    engine.DecryptEcb(src, dst);
                }

                return VIRTIO_CRYPTO_OK;
            case VIRTIO_CRYPTO_CIPHER_AES_CBC:
                if (iv.Length != 16 || src.Length % 16 != 0)
                {
                    return VIRTIO_CRYPTO_ERR;
                }

                if (encrypt)
                {
                    engine.EncryptCbc(iv, src, dst);
                }
                else
                {
                    engine.DecryptCbc(iv, src, dst);
                }

                return VIRTIO_CRYPTO_OK;
            default:
                if (iv.Length != 16)
                {
                    return VIRTIO_CRYPTO_ERR;
                }

                engine.Ctr(iv, src, dst);
                return VIRTIO_CRYPTO_OK;
        }
    }

    public override void Dispose() => engine.Dispose();
}

/// <summary>AES-XTS: the IV is the 16-byte tweak.</summary>
internal sealed class AesXtsCipher(AesXtsEngine xts) : SymmetricCipher
{
    public override int BlockSize => 16;

    /// <summary>ERR also for a data unit over 2^20 blocks (16 MiB), the standard's limit, which OpenSSL refuses.</summary>
    public override VirtioCryptoStatus Transform(bool encrypt, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> src, Span<byte> dst)
    {
        if (iv.Length != 16 || src.Length < 16 || src.Length > AesXtsEngine.MaxDataUnit)
        {
            return VIRTIO_CRYPTO_ERR;
        }

        xts.Transform(encrypt, iv, src, dst);
        return VIRTIO_CRYPTO_OK;
    }

    public override void Dispose() => xts.Dispose();
}

/// <summary>3DES-EDE in ECB, CBC or CTR mode (8-byte blocks and IVs).</summary>
internal sealed class TripleDesModeCipher(VirtioCryptoCipherAlgo mode, TripleDesCipher des) : SymmetricCipher
{
    public override int BlockSize => 8;

    public override VirtioCryptoStatus Transform(bool encrypt, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> src, Span<byte> dst)
    {
        switch (mode)
        {
            case VIRTIO_CRYPTO_CIPHER_3DES_ECB:
                if (src.Length % 8 != 0)
                {
                    return VIRTIO_CRYPTO_ERR;
                }

                des.Ecb(encrypt, src, dst);
                return VIRTIO_CRYPTO_OK;
            case VIRTIO_CRYPTO_CIPHER_3DES_CBC:
                if (iv.Length != 8 || src.Length % 8 != 0)
                {
                    return VIRTIO_CRYPTO_ERR;
                }

                des.Cbc(encrypt, iv, src, dst);
                return VIRTIO_CRYPTO_OK;
            default:
                if (iv.Length != 8)
                {
                    return VIRTIO_CRYPTO_ERR;
                }

                des.Ctr(iv, src, dst);
                return VIRTIO_CRYPTO_OK;
        }
    }

    public override void Dispose() => des.Dispose();
}
