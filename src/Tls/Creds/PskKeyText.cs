namespace Qcrypto.Tls.Creds;

/// <summary>
/// What is wrong with the key of a keys.psk line ("user:HEXKEY"), in words: GnuTLS only says "Error in parsing."
/// (a QEMU client) or "Error in password/key file." (a server, at the handshake). GnuTLS decodes the text after the
/// colon as hex, exactly: an even number of digits, nothing else (checked against qemu-img and qemu-nbd).
/// </summary>
public static class PskKeyText
{
    /// <summary>Null when GnuTLS can decode <paramref name="key"/>; otherwise what is wrong with it.</summary>
    public static string? Problem(ReadOnlySpan<char> key)
    {
        if (key.IsEmpty)
        {
            return "is empty";
        }

        if (key.IndexOf('\r') >= 0)
        {
            return "ends with a carriage return (the file has Windows line endings, \\r\\n)";
        }

        if (char.IsWhiteSpace(key[0]) || char.IsWhiteSpace(key[^1]))
        {
            return $"has {(char.IsWhiteSpace(key[0]) ? "leading" : "trailing")} white space";
        }

        if (key.StartsWith("0x") || key.StartsWith("0X"))
        {
            return "starts with 0x: write the hex digits alone";
        }

        if (key.IndexOfAny('=', '+', '/') >= 0)
        {
            return "looks like base64: keys.psk wants hex (base64 -d | xxd -p converts)";
        }

        if (key.IndexOfAny(' ', '\t', ':') >= 0 && !key.ContainsAnyExcept("0123456789abcdefABCDEF :\t"))
        {
            return "separates the hex digits (with spaces or colons): write them in one run";
        }

        var bad = key.IndexOfAnyExcept("0123456789abcdefABCDEF");
        if (bad >= 0)
        {
            // The position only: even a wrong character of a key is key material.
            return $"has a character that is not a hex digit at position {bad + 1}";
        }

        return key.Length % 2 != 0 ? $"has an odd number of hex digits ({key.Length}): each byte takes two" : null;
    }
}
