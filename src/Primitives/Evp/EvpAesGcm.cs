using System.Security.Cryptography;
using Qcrypto.Primitives.Interop;

namespace Qcrypto.Primitives.Evp;

/// <summary>
/// One libcrypto AES-GCM context with the key set once (12-byte IV, tags of 4..16 bytes). Per message
/// only the IV is set, then AAD, data, final and tag: OpenSSL's stitched AES-NI/AVX code at the cost
/// of five native calls. Not thread-safe: pool these (<see cref="EnginePool{T}"/>).
/// </summary>
public sealed unsafe class EvpAesGcm : IDisposable
{
    private nint _ctx;

    /// <summary>A context keyed with <paramref name="key"/> (16, 24 or 32 bytes); libcrypto cleanses its copy when disposed.</summary>
    /// <exception cref="ArgumentException">The key is not 16, 24 or 32 bytes long.</exception>
    /// <exception cref="CryptographicException">libcrypto refused to make the context.</exception>
    public EvpAesGcm(ReadOnlySpan<byte> key)
    {
        var cipher = key.Length switch
        {
            16 => Libcrypto.EVP_aes_128_gcm(),
            24 => Libcrypto.EVP_aes_192_gcm(),
            32 => Libcrypto.EVP_aes_256_gcm(),
            _ => throw new ArgumentException("AES-GCM needs a 16, 24 or 32-byte key", nameof(key)),
        };
        _ctx = Libcrypto.EVP_CIPHER_CTX_new();
        if (_ctx == 0)
        {
            throw new CryptographicException("EVP_CIPHER_CTX_new failed");
        }

        fixed (byte* k = key)
        {
            // The key schedule lives in the context from here on; EVP_CIPHER_CTX_free cleanses it.
            if (Libcrypto.EVP_CipherInit_ex(_ctx, cipher, 0, k, null, 1) != 1)
            {
                Dispose();
                throw new CryptographicException("EVP_CipherInit_ex failed");
            }
        }
    }

    /// <summary>True when libcrypto.so.3 can be loaded directly.</summary>
    public static bool IsAvailable => Libcrypto.IsAvailable;

    /// <summary>Encrypts with a 12-byte IV and writes a tag of <c>tag.Length</c> (1..16) bytes; <paramref name="ciphertext"/> may alias <paramref name="plaintext"/> exactly.</summary>
    /// <exception cref="ArgumentException">The IV is not 12 bytes, the tag not 1..16, or the output too short.</exception>
    public void Encrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag)
    {
        int n;
        fixed (byte* pOut = ciphertext)
        fixed (byte* pTag = tag)
        {
            Run(iv, aad, plaintext, pOut, ciphertext.Length, tag.Length, encrypt: true);
            Check(Libcrypto.EVP_CipherFinal_ex(_ctx, pOut, &n));
            Check(Libcrypto.EVP_CIPHER_CTX_ctrl(_ctx, Libcrypto.EVP_CTRL_GCM_GET_TAG, tag.Length, pTag));
        }
    }

    /// <summary>False when the tag does not match: libcrypto decrypts before it checks, so the plaintext written is then to be discarded.</summary>
    /// <exception cref="ArgumentException">The IV is not 12 bytes, the tag not 1..16, or the output too short.</exception>
    public bool Decrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext)
    {
        int n;
        fixed (byte* pOut = plaintext)
        fixed (byte* pTag = tag)
        {
            Run(iv, aad, ciphertext, pOut, plaintext.Length, tag.Length, encrypt: false);
            Check(Libcrypto.EVP_CIPHER_CTX_ctrl(_ctx, Libcrypto.EVP_CTRL_GCM_SET_TAG, tag.Length, pTag));
            return Libcrypto.EVP_CipherFinal_ex(_ctx, pOut, &n) == 1;
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

    /// <summary>Sets the IV and direction, then absorbs the AAD and transforms <paramref name="input"/>.</summary>
    private void Run(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> input, byte* output, int outputLength, int tagLength, bool encrypt)
    {
        // libcrypto reads and writes through raw pointers: every length it trusts is checked here.
        if (iv.Length != 12 || tagLength is < 1 or > 16 || outputLength < input.Length)
        {
            throw new ArgumentException("AES-GCM here takes a 12-byte IV, a tag of 1..16 bytes and room for the output");
        }

        int n;
        fixed (byte* pIv = iv)
        fixed (byte* pAad = aad)
        fixed (byte* pIn = input)
        {
            Check(Libcrypto.EVP_CipherInit_ex(_ctx, 0, 0, null, pIv, encrypt ? 1 : 0));
            if (!aad.IsEmpty)
            {
                Check(Libcrypto.EVP_CipherUpdate(_ctx, null, &n, pAad, aad.Length));
            }

            if (!input.IsEmpty)
            {
                Check(Libcrypto.EVP_CipherUpdate(_ctx, output, &n, pIn, input.Length));
            }
        }
    }

    private static void Check(int rc)
    {
        if (rc != 1)
        {
            throw new CryptographicException("libcrypto AES-GCM call failed");
        }
    }
}
