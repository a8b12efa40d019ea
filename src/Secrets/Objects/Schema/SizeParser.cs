using System.Globalization;

namespace Qcrypto.Objects.Schema;

/// <summary>
/// QEMU 7.2's qemu_strtosz (util/cutils.c): a decimal integer, or "0x" hex, optionally with a decimal
/// fraction, then an optional suffix B/K/M/G/T/P/E (any case, powers of 1024). A fraction needs a
/// suffix other than B; exponents, negative numbers, trailing text and results of 2^64 or more are
/// rejected. The fraction is applied in 64.64 fixed point and rounded half up, as QEMU does.
/// </summary>
public static class SizeParser
{
    private static readonly string Suffixes = "KMGTPE";

    public static bool TryParse(string text, out ulong result)
    {
        result = 0;
        var s = text.AsSpan();
        var p = 0;
        while (p < s.Length && IsCSpace(s[p]))
        {
            p++;
        }

        var start = p;
        if (p < s.Length && s[p] is '+' or '-')
        {
            if (s[p] == '-')
            {
                return false;
            }

            p++;
        }

        // Integral part, decimal.
        var digitsStart = p;
        UInt128 val = 0;
        while (p < s.Length && char.IsAsciiDigit(s[p]))
        {
            val = val * 10 + (uint)(s[p] - '0');
            if (val > ulong.MaxValue)
            {
                return false;
            }

            p++;
        }

        if (p == digitsStart)
        {
            return false;
        }

        UInt128 fraction64 = 0;
        if (val == 0 && p < s.Length && s[p] is 'x' or 'X' && p - digitsStart == 1)
        {
            // Hex: reparse, no fraction allowed (a suffix is deprecated in 7.2 but still accepted).
            var hexStart = p + 1;
            var q = hexStart;
            UInt128 hex = 0;
            while (q < s.Length && char.IsAsciiHexDigit(s[q]))
            {
                hex = (hex << 4) | (uint)HexValue(s[q]);
                if (hex > ulong.MaxValue)
                {
                    return false;
                }

                q++;
            }

            if (q == hexStart)
            {
                // "0x" alone: strtoull stops after the 0, leaving "x" as trailing junk.
                return false;
            }

            if (q < s.Length && s[q] == '.')
            {
                return false;
            }

            val = hex;
            p = q;
        }
        else if (p < s.Length && s[p] == '.')
        {
            var f = p + 1;
            var fracDigits = f;
            while (fracDigits < s.Length && char.IsAsciiDigit(s[fracDigits]))
            {
                fracDigits++;
            }

            if (fracDigits == f)
            {
                // strtod fails on ".k": QEMU skips the dot so that "1.k" still works.
                p = f;
            }
            else
            {
                // strtod would also take an exponent: QEMU treats that as invalid.
                var end = fracDigits;
                if (end < s.Length && s[end] is 'e' or 'E' && LooksLikeExponent(s, end))
                {
                    return false;
                }

                var fraction = double.Parse(s[p..end], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
                var scaled = fraction * 18446744073709551616.0;
                fraction64 = scaled >= 18446744073709551615.0 ? ulong.MaxValue : (ulong)scaled;
                p = end;
            }
        }

        _ = start;
        ulong mul = 1;
        if (p < s.Length)
        {
            var m = SuffixMultiplier(s[p]);
            if (m > 0)
            {
                mul = m;
                p++;
            }
        }

        if (p != s.Length)
        {
            return false;
        }

        if (mul == 1)
        {
            if (fraction64 != 0)
            {
                return false;
            }

            result = (ulong)val;
            return true;
        }

        // 64.64 fixed point times the multiplier, rounded half up.
        var integral = val * mul;
        var frac = fraction64 * mul;
        var total = integral + (frac >> 64);
        var rest = (ulong)frac;
        total += rest >> 63;
        if (total > ulong.MaxValue)
        {
            return false;
        }

        result = (ulong)total;
        return true;
    }

    /// <summary>Canonical spelling: the largest binary suffix that divides the value exactly.</summary>
    public static string Format(ulong value)
    {
        if (value == 0)
        {
            return "0";
        }

        for (var i = Suffixes.Length - 1; i >= 0; i--)
        {
            var unit = 1UL << (10 * (i + 1));
            if (value % unit == 0)
            {
                return (value / unit).ToString(CultureInfo.InvariantCulture) + Suffixes[i];
            }
        }

        return value.ToString(CultureInfo.InvariantCulture);
    }

    private static ulong SuffixMultiplier(char c) => char.ToUpperInvariant(c) switch
    {
        'B' => 1,
        'K' => 1UL << 10,
        'M' => 1UL << 20,
        'G' => 1UL << 30,
        'T' => 1UL << 40,
        'P' => 1UL << 50,
        'E' => 1UL << 60,
        _ => 0,
    };

    private static bool LooksLikeExponent(ReadOnlySpan<char> s, int e)
    {
        var i = e + 1;
        if (i < s.Length && s[i] is '+' or '-')
        {
            i++;
        }

        return i < s.Length && char.IsAsciiDigit(s[i]);
    }

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;

    internal static bool IsCSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';
}
