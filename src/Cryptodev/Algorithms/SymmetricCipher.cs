using System.Security.Cryptography;
using Qcrypto.Cryptodev.Engines;
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
    public static readonly VirtioCryptoCipherAlgo[] Supported =
    [
        VIRTIO_CRYPTO_CIPHER_AES_ECB, VIRTIO_CRYPTO_CIPHER_AES_CBC, VIRTIO_CRYPTO_CIPHER_AES_CTR, VIRTIO_CRYPTO_CIPHER_AES_XTS,
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

                    cipher = new AesModeCipher(algo, AesKey.Create(key));
                    return VIRTIO_CRYPTO_OK;
                case VIRTIO_CRYPTO_CIPHER_AES_XTS:
                    if (!AesXts.IsValidKeyLength(key.Length))
                    {
                        return VIRTIO_CRYPTO_ERR;
                    }

                    cipher = new AesXtsCipher(new AesXts(key));
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
            // e.g. a 3DES key whose thirds repeat (a weak key .NET refuses).
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
internal sealed class AesModeCipher(VirtioCryptoCipherAlgo mode, AesKey key) : SymmetricCipher
{
    // The AES-NI key under its sealed type: calls on it are direct (and inlined), where calls through
    // AesKey are virtual. NativeAOT has no profile to devirtualize them the way the JIT does, and on a
    // 64-byte request the dispatch is a measurable part of the time.
    private readonly AesNiKey? _ni = key as AesNiKey;

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
                    key.EncryptEcb(src, dst);
                }
                else
                {
                    key.DecryptEcb(src, dst);
                }

                return VIRTIO_CRYPTO_OK;
            case VIRTIO_CRYPTO_CIPHER_AES_CBC:
                if (iv.Length != 16 || src.Length % 16 != 0)
                {
                    return VIRTIO_CRYPTO_ERR;
                }

                if (_ni is { } ni)
                {
                    if (encrypt)
                    {
                        ni.EncryptCbc(iv, src, dst);
                    }
                    else
                    {
                        ni.DecryptCbc(iv, src, dst);
                    }
                }
                else if (encrypt)
                {
                    key.EncryptCbc(iv, src, dst);
                }
                else
                {
                    key.DecryptCbc(iv, src, dst);
                }

                return VIRTIO_CRYPTO_OK;
            default:
                if (iv.Length != 16)
                {
                    return VIRTIO_CRYPTO_ERR;
                }

                key.Ctr(iv, src, dst);
                return VIRTIO_CRYPTO_OK;
        }
    }

    public override void Dispose() => key.Dispose();
}

/// <summary>AES-XTS: the IV is the 16-byte tweak.</summary>
internal sealed class AesXtsCipher(AesXts xts) : SymmetricCipher
{
    public override int BlockSize => 16;

    public override VirtioCryptoStatus Transform(bool encrypt, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> src, Span<byte> dst)
    {
        if (iv.Length != 16 || src.Length < 16)
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
