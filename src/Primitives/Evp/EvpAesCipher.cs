using System.Security.Cryptography;
using Qcrypto.Primitives.Interop;

namespace Qcrypto.Primitives.Evp;

/// <summary>
/// One libcrypto AES context in one mode and direction, keyed once: per message only the IV is set,
/// then one update (no padding). Not thread-safe: pool these (<see cref="EnginePool{T}"/>).
/// </summary>
public sealed unsafe class EvpAesCipher : IDisposable
{
    /// <summary>OpenSSL's XTS limit (IEEE 1619-2007): at most 2^20 blocks per data unit.</summary>
    public const int XtsMaxDataUnit = 16 << 20;

    private readonly EvpAesMode _mode;
    private nint _ctx;

    /// <summary>A context for <paramref name="mode"/> keyed with <paramref name="key"/>; libcrypto cleanses its copy when disposed.</summary>
    /// <param name="mode">The block mode.</param>
    /// <param name="key">16, 24 or 32 bytes (XTS: 32 or 64, key1 || key2).</param>
    /// <param name="encrypt">The direction (CTR is the same both ways).</param>
    /// <exception cref="ArgumentException">The key length does not fit the mode.</exception>
    /// <exception cref="CryptographicException">libcrypto refused the context or the key (XTS refuses key1 = key2).</exception>
    public EvpAesCipher(EvpAesMode mode, ReadOnlySpan<byte> key, bool encrypt)
    {
        _mode = mode;
        var bits = mode == EvpAesMode.Xts
            ? key.Length is 32 or 64 ? key.Length * 4 : throw new ArgumentException("AES-XTS needs a 32 or 64-byte key", nameof(key))
            : key.Length is 16 or 24 or 32 ? key.Length * 8 : throw new ArgumentException("AES needs a 16, 24 or 32-byte key", nameof(key));
        var cipher = Libcrypto.EVP_get_cipherbyname($"aes-{bits}-{mode.ToString().ToLowerInvariant()}");
        _ctx = Libcrypto.EVP_CIPHER_CTX_new();
        if (cipher == 0 || _ctx == 0)
        {
            Dispose();
            throw new CryptographicException("libcrypto has no such AES cipher");
        }

        fixed (byte* k = key)
        {
            if (Libcrypto.EVP_CipherInit_ex(_ctx, cipher, 0, k, null, encrypt ? 1 : 0) != 1 || Libcrypto.EVP_CIPHER_CTX_set_padding(_ctx, 0) != 1)
            {
                Dispose();
                throw new CryptographicException("EVP_CipherInit_ex failed");
            }
        }
    }

    /// <summary>True when libcrypto.so.3 can be loaded directly.</summary>
    public static bool IsAvailable => Libcrypto.IsAvailable;

    /// <summary>Transforms <paramref name="src"/> into <paramref name="dst"/> (may alias it exactly) with <paramref name="iv"/> (16 bytes; ignored for ECB).</summary>
    /// <exception cref="ArgumentException">
    /// The IV is shorter than 16 bytes, <paramref name="dst"/> is shorter than <paramref name="src"/>,
    /// ECB or CBC input is not whole blocks, or XTS input is under one block or over <see cref="XtsMaxDataUnit"/>.
    /// </exception>
    public void Transform(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> src, Span<byte> dst)
    {
        // libcrypto reads and writes through raw pointers: every length it trusts is checked here.
        if (dst.Length < src.Length
            || (_mode != EvpAesMode.Ecb && iv.Length < 16)
            || (_mode is EvpAesMode.Ecb or EvpAesMode.Cbc && (src.Length & 15) != 0)
            || (_mode == EvpAesMode.Xts && src.Length is < 16 or > XtsMaxDataUnit))
        {
            throw new ArgumentException($"AES-{_mode} cannot take this IV or these lengths");
        }

        int n;
        fixed (byte* pIv = _mode == EvpAesMode.Ecb ? default : iv)
        fixed (byte* pIn = src)
        fixed (byte* pOut = dst)
        {
            // enc = -1: keep the direction the context was keyed for; only the IV changes.
            if (Libcrypto.EVP_CipherInit_ex(_ctx, 0, 0, null, pIv, -1) != 1
                || Libcrypto.EVP_CipherUpdate(_ctx, pOut, &n, pIn, src.Length) != 1)
            {
                throw new CryptographicException("libcrypto AES call failed");
            }
        }
    }

    /// <summary>Frees the context (libcrypto cleanses the key schedule).</summary>
    public void Dispose()
    {
        var ctx = _ctx;
        _ctx = 0;
        if (ctx != 0)
        {
            Libcrypto.EVP_CIPHER_CTX_free(ctx);
        }
    }
}
