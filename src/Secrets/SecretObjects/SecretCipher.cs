using Qcrypto.Primitives.Symmetric;
using Qcrypto.Errors;
using Qcrypto.Keys;

namespace Qcrypto.SecretObjects;

/// <summary>
/// The AES-256-CBC layer of QEMU's encrypted secrets (crypto/secret_common.c): checks in QEMU's order
/// with QEMU's messages, including its loose padding check (only the last byte is looked at, 0..16 is
/// accepted). A strict PKCS#7 verdict is reported beside it, because QEMU's check lets a wrong key or
/// IV through about one time in fifteen.
/// </summary>
public static class SecretCipher
{
    public const int KeyLength = 32;
    public const int IvLength = 16;
    public const int BlockSize = 16;

    /// <summary>The fix for a master key of the wrong size: a new one.</summary>
    public static ToolAction NewKey { get; } = new(ToolTask.NewMasterKey, "head -c 32 /dev/urandom");

    /// <summary>Checks the master key length (QEMU's first check after the lookup).</summary>
    public static void CheckKey(ReadOnlySpan<byte> key)
    {
        if (key.Length != KeyLength)
        {
            throw new SecretException(ErrorCodes.SecretKeyLength, "Key should be 32 bytes in length", hint: KeyLengthHint(key));
        }
    }

    /// <summary>Decodes the base64 IV property and checks it is 16 bytes.</summary>
    public static byte[] DecodeIv(string? iv)
    {
        if (iv is null)
        {
            throw new SecretException(ErrorCodes.SecretIvMissing, "IV is required to decrypt secret", property: "iv",
                hint: "add iv=<base64 of 16 random bytes> (the IV used when encrypting)");
        }

        SecretBuffer decoded;
        try
        {
            decoded = QBase64.Decode(Posix.RawText.GetBytes(iv), lengthGiven: false);
        }
        catch (SecretException e) when (e.Property is null)
        {
            // The base64 error is the IV's, not the data's (QEMU's message does not say which).
            throw new SecretException(e.Code, e.QemuMessage, property: "iv", hint: e.Fix);
        }

        using var _ = decoded;
        if (decoded.Length != IvLength)
        {
            throw new SecretException(ErrorCodes.SecretIvLength, $"IV should be 16 bytes in length not {decoded.Length}", property: "iv",
                hint: IvLengthHint(iv, decoded.Length));
        }

        return decoded.Span.ToArray();
    }

    /// <summary>Decrypts <paramref name="ciphertext"/>; the result excludes QEMU's idea of the padding.</summary>
    public static SecretBuffer Decrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, out bool strictPaddingValid)
    {
        var buffer = SecretBuffer.CopyOf(ciphertext);
        try
        {
            DecryptInPlace(key, iv, buffer, out strictPaddingValid);
            return buffer;
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>Decrypts <paramref name="buffer"/> in place and shortens it by QEMU's idea of the padding.</summary>
    public static void DecryptInPlace(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, SecretBuffer buffer, out bool strictPaddingValid)
    {
        CheckCiphertext(buffer.Length);
        Aes256Cbc.DecryptBlocks(key, iv, buffer.Span, buffer.WritableSpan);
        RemovePadding(buffer, out strictPaddingValid);
    }

    /// <summary>
    /// Decrypts <paramref name="buffer"/> in place with a master key of any kind (a key kept in a token
    /// decrypts there) and shortens it by QEMU's idea of the padding: the same checks and messages as for
    /// a key in memory.
    /// </summary>
    public static void DecryptInPlace(MasterKeyLease key, ReadOnlySpan<byte> iv, SecretBuffer buffer, out bool strictPaddingValid)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(buffer);
        CheckCiphertext(buffer.Length);
        key.DecryptBlocks(iv, buffer);
        RemovePadding(buffer, out strictPaddingValid);
    }

    private static void CheckCiphertext(int length)
    {
        if (length % BlockSize != 0)
        {
            throw new SecretException(ErrorCodes.SecretBlockLength, $"Length {length} must be a multiple of block size {BlockSize}");
        }

        if (length == 0)
        {
            // QEMU reads the byte before its buffer here; we refuse instead.
            throw new SecretException(ErrorCodes.SecretEmptyCiphertext, "Encrypted secret data is empty",
                hint: "AES-CBC with PKCS#7 padding never yields empty ciphertext: the data is missing");
        }
    }

    private static void RemovePadding(SecretBuffer buffer, out bool strictPaddingValid)
    {
        var length = buffer.Length;
        var span = buffer.Span;
        int pad = span[^1];
        if (pad > BlockSize || pad > length)
        {
            throw new SecretException(ErrorCodes.SecretPadding, $"Incorrect number of padding bytes ({pad}) found on decrypted data",
                hint: "the key or IV does not match the ones used to encrypt");
        }

        strictPaddingValid = pad > 0 && span[^pad..].IndexOfAnyExcept((byte)pad) < 0;
        buffer.Truncate(length - pad);
    }

    /// <summary>AES-256-CBC with PKCS#7 padding, as `openssl enc -aes-256-cbc` and QEMU's docs do it.</summary>
    public static byte[] Encrypt(ReadOnlySpan<byte> key, ReadOnlySpan<byte> iv, ReadOnlySpan<byte> plaintext)
    {
        CheckKey(key);
        return Aes256Cbc.EncryptPkcs7(key, iv, plaintext);
    }

    private static Advice KeyLengthHint(ReadOnlySpan<byte> key)
    {
        var trimmed = key.TrimEnd("\r\n"u8);
        if (trimmed.Length is 43 or 44 && QBase64.Check(trimmed) is null)
        {
            // QEMU's base64 decoder takes a trailing \n but refuses \r.
            return key.Contains((byte)'\r')
                ? "the master key looks base64-encoded, with a Windows (CRLF) line ending: remove the \\r (dos2unix FILE) and add format=base64 to the master secret"
                : "the master key looks base64-encoded: add format=base64 to the master secret";
        }

        if (trimmed.Length == 64 && trimmed.IndexOfAnyExcept("0123456789abcdefABCDEF"u8) < 0)
        {
            return "the master key looks hex-encoded (openssl -K style): qemu wants the 32 raw bytes, or their base64 with format=base64";
        }

        if (key.Length == 33 && key[^1] == '\n')
        {
            return "the master key file ends with a newline: write it with printf, not echo";
        }

        return key.Length switch
        {
            16 => new Advice("this is a 16-byte (AES-128) key; AES-256 needs 32 bytes: make one with '{0}'", NewKey),
            24 => new Advice("this is a 24-byte (AES-192) key; AES-256 needs 32 bytes: make one with '{0}'", NewKey),
            _ => new Advice($"the master key is {key.Length} bytes; make a 32-byte one with '{{0}}'", NewKey),
        };
    }

    private static string IvLengthHint(string iv, int decodedLength)
    {
        if (iv.Length == 32 && iv.AsSpan().IndexOfAnyExcept("0123456789abcdefABCDEF") < 0)
        {
            return "this looks like a hex IV (openssl enc -iv): qemu wants the base64 of the 16 bytes";
        }

        return decodedLength == 32
            ? "the IV is 32 bytes: AES-CBC IVs are 16 bytes (QEMU's old docs were wrong): use openssl rand -base64 16"
            : "the IV must be the base64 of exactly 16 bytes (openssl rand -base64 16)";
    }
}
