namespace Qcrypto.Objects.Schema;

/// <summary>
/// C's strtoll/strtoull with base 0, as QEMU's options visitor calls them: leading white space, an
/// optional sign, "0x" for hex, a leading "0" for octal, and nothing left over.
/// </summary>
public static class CInteger
{
    /// <summary>Parses like strtoll(text, &amp;end, 0) requiring *end == 0; false on overflow or junk.</summary>
    public static bool TryParseInt64(string text, out long value)
    {
        value = 0;
        if (!TryParseMagnitude(text, allowMinus: true, out var negative, out var magnitude))
        {
            return false;
        }

        if (negative)
        {
            if (magnitude > (UInt128)long.MaxValue + 1)
            {
                return false;
            }

            value = (long)(-(Int128)magnitude);
            return true;
        }

        if (magnitude > long.MaxValue)
        {
            return false;
        }

        value = (long)magnitude;
        return true;
    }

    /// <summary>Parses like QEMU's opts_type_uint64: strtoull base 0, but a '-' sign is refused.</summary>
    public static bool TryParseUInt64(string text, out ulong value)
    {
        value = 0;
        if (!TryParseMagnitude(text, allowMinus: false, out _, out var magnitude) || magnitude > ulong.MaxValue)
        {
            return false;
        }

        value = (ulong)magnitude;
        return true;
    }

    private static bool TryParseMagnitude(string text, bool allowMinus, out bool negative, out UInt128 magnitude)
    {
        negative = false;
        magnitude = 0;
        var s = text.AsSpan();
        var p = 0;
        while (p < s.Length && SizeParser.IsCSpace(s[p]))
        {
            p++;
        }

        if (p < s.Length && s[p] is '+' or '-')
        {
            negative = s[p] == '-';
            if (negative && !allowMinus)
            {
                return false;
            }

            p++;
        }

        var radix = 10;
        if (p + 1 < s.Length && s[p] == '0' && s[p + 1] is 'x' or 'X' && p + 2 < s.Length && char.IsAsciiHexDigit(s[p + 2]))
        {
            radix = 16;
            p += 2;
        }
        else if (p < s.Length && s[p] == '0')
        {
            radix = 8;
        }

        var digits = 0;
        for (; p < s.Length; p++)
        {
            var d = DigitValue(s[p]);
            if (d < 0 || d >= radix)
            {
                break;
            }

            magnitude = magnitude * (uint)radix + (uint)d;
            if (magnitude > (UInt128)ulong.MaxValue + 1)
            {
                // Overflow (ERANGE); keep consuming digits only to decide validity, which fails anyway.
                return false;
            }

            digits++;
        }

        return digits > 0 && p == s.Length;
    }

    private static int DigitValue(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'f' => c - 'a' + 10,
        >= 'A' and <= 'F' => c - 'A' + 10,
        _ => -1,
    };
}
