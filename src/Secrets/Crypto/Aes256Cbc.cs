using System.Security.Cryptography;

namespace Qcrypto.Crypto;

/// <summary>
/// AES-256-CBC for secrets on <see cref="AesKey"/>: AES-NI in process when the CPU has it, so a
/// one-shot secret pays no OpenSSL start-up (dlopen and provider fetch: two thirds of a `qcrypto secret
/// encrypt` run, by callgrind); OpenSSL otherwise. Both give the same bytes; the tests check it.
/// </summary>
public static class Aes256Cbc
{
    /// <summary>Decrypts whole blocks without touching the padding; <paramref name="plaintext"/> may be <paramref name="ciphertext"/>.</summary>
    public static void DecryptBlocks(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, Span<byte> plaintext)
    {
        CheckKey(key);
        if (!AesNiKey.IsSupported)
        {
            DecryptBlocksWithOpenSsl(key, iv, ciphertext, plaintext);
            return;
        }

        using var aes = new AesNiKey(key);
        aes.DecryptCbc(iv, ciphertext, plaintext);
    }

    /// <summary>Encrypts with PKCS#7 padding (what `openssl enc` and QEMU's documentation use).</summary>
    public static byte[] EncryptPkcs7(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext)
    {
        CheckKey(key);
        if (!AesNiKey.IsSupported)
        {
            using var managed = CreateAes(key);
            return managed.EncryptCbc(plaintext, iv, PaddingMode.PKCS7);
        }

        // The padded plaintext is built in the output buffer and encrypted in place.
        var padded = (plaintext.Length / 16 * 16) + 16;
        var output = new byte[padded];
        plaintext.CopyTo(output);
        output.AsSpan(plaintext.Length).Fill((byte)(padded - plaintext.Length));
        using var aes = new AesNiKey(key);
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

    /// <summary>An OpenSSL-backed AES instance keyed without leaving an unzeroed copy of the key on the heap.</summary>
    private static Aes CreateAes(ReadOnlySpan<byte> key)
    {
        var aes = Aes.Create();
        var copy = GC.AllocateArray<byte>(key.Length, pinned: true);
        try
        {
            key.CopyTo(copy);
            aes.Key = copy; // Aes keeps its own copy and zeroes it on Dispose.
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }

        return aes;
    }

    /// <summary>For tests and benchmarks: the OpenSSL path regardless of the CPU.</summary>
    internal static void DecryptBlocksWithOpenSsl(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, Span<byte> plaintext)
    {
        using var managed = CreateAes(key);
        if (!ciphertext.Overlaps(plaintext))
        {
            managed.DecryptCbc(ciphertext, iv, plaintext, PaddingMode.None);
            return;
        }

        // The one-shot API wants separate buffers: go through a pinned copy that is zeroed afterwards.
        var copy = GC.AllocateArray<byte>(ciphertext.Length, pinned: true);
        try
        {
            ciphertext.CopyTo(copy);
            managed.DecryptCbc(copy, iv, plaintext, PaddingMode.None);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(copy);
        }
    }
}
