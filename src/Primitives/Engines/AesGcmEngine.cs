using System.Security.Cryptography;
using Qcrypto.Primitives.Evp;
using Qcrypto.Primitives.Symmetric;

namespace Qcrypto.Primitives.Engines;

/// <summary>
/// AES-GCM and GMAC (GCM with no plaintext) for one key, for many messages from many threads: ours
/// (<see cref="AesNiGcm"/>) for short messages and for what libcrypto cannot take (a 16-byte IV that
/// is J0 itself, as virtio-crypto defines it), a libcrypto context kept per key for the rest, where
/// OpenSSL's stitched AES-NI/PCLMULQDQ code is 4 to 9 times faster (README, Benchmarks).
/// </summary>
public sealed class AesGcmEngine : IDisposable
{
    /// <summary>
    /// Texts (GMAC: messages) of at least this many bytes go to libcrypto (ours/libcrypto: 1.15 at
    /// 128 B, 0.81 at 256 B for GCM; 1.18 and 0.78 for GMAC).
    /// </summary>
    public const int Crossover = 256;

    private readonly AesNiGcm? _ours;
    private readonly byte[]? _key;
    private readonly EnginePool<EvpAesGcm>? _evp;

    /// <summary>Sets up GCM with <paramref name="key"/> (16, 24 or 32 bytes).</summary>
    /// <exception cref="ArgumentException">The key is not 16, 24 or 32 bytes long.</exception>
    /// <exception cref="PlatformNotSupportedException">Neither AES-NI with PCLMULQDQ nor libcrypto.so.3 is there (check <see cref="IsSupported"/>).</exception>
    public AesGcmEngine(ReadOnlySpan<byte> key)
    {
        if (!AesKey.IsValidKeyLength(key.Length))
        {
            throw new ArgumentException("AES-GCM needs a 16, 24 or 32-byte key", nameof(key));
        }

        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("AES-GCM needs AES-NI with PCLMULQDQ, or libcrypto.so.3");
        }

        if (AesNiGcm.IsSupported)
        {
            _ours = new AesNiGcm(key);
        }

        if (EvpAesGcm.IsAvailable)
        {
            var copy = PinnedBytes.Copy(key);
            _key = copy;
            _evp = new EnginePool<EvpAesGcm>(() => new EvpAesGcm(copy));
            _evp.Return(_evp.Rent()); // the first context now: a session's first request should not pay for it
        }
    }

    /// <summary>True when the CPU has AES-NI and PCLMULQDQ, or libcrypto.so.3 can be loaded.</summary>
    public static bool IsSupported => AesNiGcm.IsSupported || EvpAesGcm.IsAvailable;

    /// <summary>Whether an IV of this length can be used: 12 bytes always, 16 (J0 itself) with AES-NI.</summary>
    public bool TakesIvLength(int ivLength) => ivLength == 12 || (ivLength == 16 && _ours is not null);

    /// <summary>
    /// True when <see cref="Decrypt"/> of such a message checks the tag before it writes a byte (ours);
    /// false when a mismatch leaves decrypted bytes behind to discard (libcrypto).
    /// </summary>
    public bool DecryptWritesOnlyOnSuccess(int ivLength, int length) => UsesOurs(ivLength, length);

    /// <summary>Encrypts (<paramref name="ciphertext"/> may alias <paramref name="plaintext"/> exactly) and writes a tag of <c>tag.Length</c> (1..16) bytes.</summary>
    /// <exception cref="ArgumentException">An IV <see cref="TakesIvLength"/> refuses, a tag over 16 bytes, or a short output.</exception>
    public void Encrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag) =>
        Seal(iv, aad, plaintext, ciphertext, tag, plaintext.Length);

    /// <summary>GMAC: the tag (1..16 bytes) of <paramref name="message"/>, GCM with it as AAD and no text.</summary>
    /// <exception cref="ArgumentException">An IV <see cref="TakesIvLength"/> refuses or a tag over 16 bytes.</exception>
    public void ComputeGmac(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> message, Span<byte> tag) =>
        Seal(iv, message, [], [], tag, message.Length);

    /// <summary>
    /// False when the tag does not match; then <paramref name="plaintext"/> is cleared when libcrypto
    /// wrote to it (see <see cref="DecryptWritesOnlyOnSuccess"/>), and untouched when ours checked first.
    /// </summary>
    /// <exception cref="ArgumentException">An IV <see cref="TakesIvLength"/> refuses, a tag over 16 bytes, or a short output.</exception>
    public bool Decrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext)
    {
        if (UsesOurs(iv.Length, ciphertext.Length))
        {
            return _ours!.Decrypt(iv, aad, ciphertext, tag, plaintext);
        }

        var context = _evp!.Rent();
        try
        {
            if (context.Decrypt(iv, aad, ciphertext, tag, plaintext))
            {
                return true;
            }

            CryptographicOperations.ZeroMemory(plaintext[..ciphertext.Length]);
            return false;
        }
        finally
        {
            _evp.Return(context);
        }
    }

    /// <summary>Zeroes the keys and frees the libcrypto contexts.</summary>
    public void Dispose()
    {
        _ours?.Dispose();
        _evp?.Dispose();
        if (_key is not null)
        {
            CryptographicOperations.ZeroMemory(_key);
        }
    }

    /// <summary>Encryption by whichever engine is faster for <paramref name="size"/> bytes.</summary>
    private void Seal(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> aad, ReadOnlySpan<byte> plaintext, Span<byte> ciphertext, Span<byte> tag, int size)
    {
        if (UsesOurs(iv.Length, size))
        {
            _ours!.Encrypt(iv, aad, plaintext, ciphertext, tag);
            return;
        }

        var context = _evp!.Rent();
        try
        {
            context.Encrypt(iv, aad, plaintext, ciphertext, tag);
        }
        finally
        {
            _evp.Return(context);
        }
    }

    private bool UsesOurs(int ivLength, int length) => _ours is not null && (ivLength != 12 || _evp is null || length < Crossover);
}
