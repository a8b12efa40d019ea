using Qcrypto.Primitives.Symmetric;

namespace Qcrypto.Sev.Crypto;

/// <summary>
/// AES-128-CTR as SEV uses it (TEK/TIK wrapping, launch secrets): the whole 16-byte IV is the
/// initial counter block, incremented as one 128-bit big-endian integer (OpenSSL's CTR, which both
/// sev-tool and virtee/sev use) — the shared engine's <see cref="AesKey.Ctr"/>.
/// </summary>
public static class AesCtr
{
    public const int KeyLength = 16;
    public const int IvLength = 16;

    /// <summary>XORs <paramref name="input"/> with the keystream into <paramref name="output"/> (same length; may alias).</summary>
    public static void Transform(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> input, Span<byte> output)
    {
        if (key.Length != KeyLength || iv.Length != IvLength || output.Length != input.Length)
        {
            throw new ArgumentException("AES-128-CTR needs a 16-byte key, a 16-byte IV and an output as long as the input");
        }

        // The engine's key schedule lives in its own pinned buffer and is zeroed on dispose.
        using var aes = AesKey.Create(key);
        aes.Ctr(iv, input, output);
    }
}
