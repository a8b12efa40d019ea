using System.Text;

namespace Qcrypto.Objects.Json;

/// <summary>
/// Decodes a string token as QEMU 7.2's parse_string does: escapes (including "\'"), "\uXXXX" with
/// surrogate pairs, and the raw bytes checked as modified UTF-8 (no overlong forms except C0 80, no
/// surrogates, no noncharacters such as U+FFFE or U+FDD0).
/// </summary>
internal static class QemuJsonString
{
    /// <summary>A decoding error: QEMU's words, and whether they echo part of the string.</summary>
    internal readonly record struct DecodeError(string Message, bool Echoes);

    public static (string? Value, DecodeError? Error) Decode(byte[] token)
    {
        var quote = token[0];
        var sb = new StringBuilder();
        var p = 1;
        while (p < token.Length && token[p] != quote)
        {
            if (token[p] == '\\')
            {
                var begin = p++;
                var c = At(token, p++);
                switch (c)
                {
                    case (byte)'"': sb.Append('"'); break;
                    case (byte)'\'': sb.Append('\''); break;
                    case (byte)'\\': sb.Append('\\'); break;
                    case (byte)'/': sb.Append('/'); break;
                    case (byte)'b': sb.Append('\b'); break;
                    case (byte)'f': sb.Append('\f'); break;
                    case (byte)'n': sb.Append('\n'); break;
                    case (byte)'r': sb.Append('\r'); break;
                    case (byte)'t': sb.Append('\t'); break;
                    case (byte)'u':
                        var cp = Hex4(token, p);
                        p += 4;
                        if (cp is >= 0xD800 and <= 0xDBFF && At(token, p) == '\\' && At(token, p + 1) == 'u')
                        {
                            cp = 0x10000 + ((cp & 0x3FF) << 10);
                            var trailing = Hex4(token, p + 2);
                            if (trailing is >= 0xDC00 and <= 0xDFFF)
                            {
                                cp |= trailing & 0x3FF;
                                p += 6;
                            }
                            else
                            {
                                cp = -1;
                            }
                        }

                        if (!IsValidCodePoint(cp))
                        {
                            // "%.*s": at most p - begin bytes of the token, which ends at its terminating NUL.
                            var shown = Encoding.UTF8.GetString(token, begin, Math.Min(p, token.Length) - begin);
                            return (null, new DecodeError($"{shown} is not a valid Unicode character", true));
                        }

                        sb.Append(char.ConvertFromUtf32(cp == 0 ? 0 : cp));
                        break;
                    default:
                        return (null, new DecodeError("invalid escape sequence in string", false));
                }

                continue;
            }

            var code = ModUtf8CodePoint(token, ref p);
            if (code < 0)
            {
                return (null, new DecodeError("invalid UTF-8 sequence in string", false));
            }

            sb.Append(char.ConvertFromUtf32(code));
        }

        return (sb.ToString(), null);
    }

    /// <summary>The key of a string token, or null when it does not decode.</summary>
    public static string? TryDecodeKey(byte[] token) => Decode(token).Value;

    private static int At(byte[] s, int i) => i < s.Length ? s[i] : 0;

    private static int Hex4(byte[] s, int p)
    {
        var cp = 0;
        for (var i = 0; i < 4; i++)
        {
            var c = At(s, p + i);
            var v = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => -1,
            };
            if (v < 0)
            {
                return -1;
            }

            cp = (cp << 4) | v;
        }

        return cp;
    }

    private static bool IsValidCodePoint(int cp) =>
        cp is >= 0 and <= 0x10FFFF && cp is not (>= 0xFDD0 and <= 0xFDEF) && (cp & 0xFFFE) != 0xFFFE && cp is not (>= 0xD800 and <= 0xDFFF);

    /// <summary>util/unicode.c mod_utf8_codepoint over at most 6 bytes; advances <paramref name="p"/>.</summary>
    private static int ModUtf8CodePoint(byte[] s, ref int p)
    {
        int[] minimum = [0x80, 0x800, 0x10000, 0x200000, 0x4000000];
        var start = p;
        int b = s[p++];
        if (b < 0x80)
        {
            return b;
        }

        if (b >= 0xFE || (b & 0x40) == 0)
        {
            return -1;
        }

        var length = 0;
        var mask = 0x80;
        for (; (b & mask) != 0; mask >>= 1)
        {
            length++;
        }

        var cp = b & (mask - 1);
        for (var i = 1; i < length; i++)
        {
            var c = p - start < 6 ? At(s, p) : 0;
            if ((c & 0xC0) != 0x80)
            {
                return -1;
            }

            p++;
            cp = (cp << 6) | (c & 0x3F);
        }

        if (!IsValidCodePoint(cp) || (cp < minimum[length - 2] && !(cp == 0 && length == 2)))
        {
            return -1;
        }

        return cp;
    }
}
