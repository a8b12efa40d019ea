using System.Security.Cryptography;

namespace Qcrypto.Sev.Crypto;

/// <summary>
/// AES-128-CTR as SEV uses it (TEK/TIK wrapping, launch secrets): the whole 16-byte IV is the
/// initial counter block, incremented as one 128-bit big-endian integer (OpenSSL's CTR, which both
/// sev-tool and virtee/sev use). The only CTR in this assembly: the keystream is AES-ECB of the
/// counter blocks, so this file is the one to swap for the shared engine's CTR.
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

        const int Chunk = 4096;
        using var aes = Aes.Create();
        aes.SetKey(key);
        Span<byte> counter = stackalloc byte[IvLength];
        iv.CopyTo(counter);
        var blocks = new byte[Math.Min(Chunk, (input.Length + 15) & ~15)];
        var stream = new byte[blocks.Length];
        try
        {
            for (var offset = 0; offset < input.Length; offset += blocks.Length)
            {
                var length = Math.Min(blocks.Length, input.Length - offset);
                var count = (length + 15) / 16;
                for (var b = 0; b < count; b++)
                {
                    counter.CopyTo(blocks.AsSpan(b * 16));
                    Increment(counter);
                }

                aes.EncryptEcb(blocks.AsSpan(0, count * 16), stream.AsSpan(0, count * 16), PaddingMode.None);
                for (var i = 0; i < length; i++)
                {
                    output[offset + i] = (byte)(input[offset + i] ^ stream[i]);
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(stream);
            CryptographicOperations.ZeroMemory(blocks);
        }
    }

    private static void Increment(Span<byte> counter)
    {
        for (var i = counter.Length - 1; i >= 0; i--)
        {
            if (++counter[i] != 0)
            {
                return;
            }
        }
    }
}
