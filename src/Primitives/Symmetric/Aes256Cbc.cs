namespace Qcrypto.Primitives.Symmetric;

/// <summary>
/// One-shot AES-256-CBC (QEMU's secret encryption) on <see cref="AesKey"/>: AES-NI in process when the
/// CPU has it, so a one-shot secret pays no OpenSSL start-up (dlopen and provider fetch: two thirds
/// of a `qcrypto secret encrypt` run, by callgrind); <see cref="AesKey"/>'s one fallback otherwise.
/// The key schedule lives only for the call and is zeroed when it ends.
/// </summary>
public static class Aes256Cbc
{
    /// <summary>Decrypts whole blocks without touching the padding; <paramref name="plaintext"/> may be <paramref name="ciphertext"/>.</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes, the IV not 16, or the ciphertext not whole blocks.</exception>
    public static void DecryptBlocks(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, Span<byte> plaintext)
    {
        CheckKey(key);
        using var aes = AesKey.Create(key);
        aes.DecryptCbc(iv, ciphertext, plaintext);
    }

    /// <summary>Encrypts with PKCS#7 padding (what `openssl enc` and QEMU's documentation use).</summary>
    /// <exception cref="ArgumentException">The key is not 32 bytes or the IV not 16.</exception>
    public static byte[] EncryptPkcs7(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext)
    {
        CheckKey(key);

        // The padded plaintext is built in the output buffer and encrypted in place.
        var padded = (plaintext.Length / AesKey.BlockSize * AesKey.BlockSize) + AesKey.BlockSize;
        var output = new byte[padded];
        plaintext.CopyTo(output);
        output.AsSpan(plaintext.Length).Fill((byte)(padded - plaintext.Length));
        using var aes = AesKey.Create(key);
        aes.EncryptCbc(iv, output, output);
        return output;
    }

    private static void CheckKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != 32)
        {
            throw new ArgumentException("AES-256 needs a 32-byte key", nameof(key));
        }
    }
}
