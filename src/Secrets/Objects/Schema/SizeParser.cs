using System.Globalization;

namespace Qcrypto.Objects.Schema;

/// <summary>
/// QEMU 7.2's qemu_strtosz (util/cutils.c do_strtosz), step by step and with the same arithmetic: the
/// integral part by strtoull (base 10, then base 16 when it reads "0" followed by 'x'), a fraction by
/// strtod converted to 64.64 fixed point by a C cast, an optional suffix B/K/M/G/T/P/E (any case,
/// powers of 1024), the product in 128 bits rounded half up, and nothing left over.
/// </summary>
/// <remarks>
/// The cast and the error paths are where QEMU's results are not the obvious ones, and we reproduce them:
/// <list type="bullet">
/// <item>strtod rounds ".9999999999999999999" to 1.0; 1.0 × 2^64 does not fit a uint64_t and x86-64's
/// conversion (subtract 2^63, cvttsd2si, flip bit 63) yields 0, so "0.9999999999999999999k" is 0 and
/// "1.9999999999999999999k" is 1024.</item>
/// <item>When strtod fails (no digit after the dot, or ERANGE for an underflowing or overflowing
/// fraction) QEMU skips exactly one character past where strtod stopped and carries on with no fraction:
/// "1.k" is 1024, "1.5e999k" is 1 (the 'k' is skipped). If that skip steps past the end of the text
/// QEMU reads the byte after the terminating NUL (undefined; heap contents decide): we refuse it.</item>
/// <item>A hex number with a suffix is accepted with QEMU's deprecation warning.</item>
/// </list>
/// </remarks>
public static class SizeParser
{
    private const string Suffixes = "KMGTPE";
    private const double TwoTo64 = 18446744073709551616.0;
    private const double TwoTo63 = 9223372036854775808.0;

    public static bool TryParse(string text, out ulong result) => TryParse(text, out result, out _);

    /// <summary>As <see cref="TryParse(string, out ulong)"/>, with the warning QEMU prints on the way (or null).</summary>
    public static bool TryParse(string text, out ulong result, out string? warning)
    {
        result = 0;
        warning = null;
        var s = text.AsSpan();

        // Integral part: strtoull(nptr, &end, 10). A '-' anywhere before the end is refused afterwards.
        if (!StrToU64(s, 10, out var val, out var p))
        {
            return false;
        }

        if (s[..p].Contains('-'))
        {
            return false;
        }

        var hex = false;
        ulong valf = 0;
        if (val == 0 && At(s, p) is 'x' or 'X')
        {
            // Looks like hex: reparse the whole text in base 16; no fraction allowed.
            if (!StrToU64(s, 16, out val, out p) || At(s, p) == '.')
            {
                return false;
            }

            hex = true;
        }
        else if (At(s, p) == '.')
        {
            var fraction = StrToD(s, p, out var end);
            switch (fraction.Outcome)
            {
                case StrToDOutcome.Failed:
                    // QEMU skips one character past where strtod stopped and forgets the fraction.
                    p = end + 1;
                    if (p > s.Length)
                    {
                        // QEMU would read past the terminating NUL here: undefined, so refuse.
                        return false;
                    }

                    break;
                case StrToDOutcome.Exponent:
                    return false;
                default:
                    valf = ToUInt64LikeX86(fraction.Value * TwoTo64);
                    p = end;
                    break;
            }
        }

        ulong mul = 1;
        var suffix = SuffixMultiplier(At(s, p));
        if (suffix > 0)
        {
            if (hex)
            {
                warning = $"Using a multiplier suffix on hex numbers is deprecated: {text}";
            }

            mul = suffix;
            p++;
        }

        if (mul == 1)
        {
            // A fraction needs a scale.
            if (valf != 0)
            {
                return false;
            }
        }
        else
        {
            // 64.64 x 64.0 -> 128.64, then round 0.5 upward; refuse what needs more than 64 bits.
            var total = ((UInt128)val * mul) + (((UInt128)valf * mul) >> 64) + ((ulong)((UInt128)valf * mul) >> 63);
            if (total > ulong.MaxValue)
            {
                return false;
            }

            val = (ulong)total;
        }

        if (p != s.Length)
        {
            return false;
        }

        result = val;
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

    /// <summary>
    /// glibc strtoull: white space, an optional sign, "0x" in base 16, digits. False for "no conversion"
    /// and for ERANGE; <paramref name="end"/> is where it stopped ("0x" without digits stops at the 'x').
    /// </summary>
    private static bool StrToU64(ReadOnlySpan<char> s, int radix, out ulong value, out int end)
    {
        value = 0;
        end = 0;
        var p = 0;
        while (p < s.Length && IsCSpace(s[p]))
        {
            p++;
        }

        var negative = false;
        if (p < s.Length && s[p] is '+' or '-')
        {
            negative = s[p] == '-';
            p++;
        }

        if (radix == 16 && At(s, p) == '0' && At(s, p + 1) is 'x' or 'X')
        {
            if (Digit(At(s, p + 2)) is < 0 or >= 16)
            {
                // "0x" without a hex digit: the number is the "0", the 'x' is left over.
                end = p + 1;
                return true;
            }

            p += 2;
        }

        var start = p;
        UInt128 magnitude = 0;
        while (p < s.Length && Digit(s[p]) is var d && d >= 0 && d < radix)
        {
            magnitude = (magnitude * (uint)radix) + (uint)d;
            if (magnitude > ulong.MaxValue)
            {
                return false;
            }

            p++;
        }

        if (p == start)
        {
            return false;
        }

        value = negative ? unchecked(0 - (ulong)magnitude) : (ulong)magnitude;
        end = p;
        return true;
    }

    private enum StrToDOutcome
    {
        Ok,
        Failed,
        Exponent,
    }

    /// <summary>
    /// glibc strtod from the '.' at <paramref name="start"/>: digits, then an exponent if one follows.
    /// Failed when there is no digit (end = start) or on ERANGE (end = after the number); Exponent when
    /// it parsed one (QEMU refuses those).
    /// </summary>
    private static (StrToDOutcome Outcome, double Value) StrToD(ReadOnlySpan<char> s, int start, out int end)
    {
        var p = start + 1;
        while (p < s.Length && char.IsAsciiDigit(s[p]))
        {
            p++;
        }

        end = start;
        if (p == start + 1)
        {
            return (StrToDOutcome.Failed, 0);
        }

        var exponent = false;
        if (At(s, p) is 'e' or 'E')
        {
            var q = p + 1;
            if (At(s, q) is '+' or '-')
            {
                q++;
            }

            if (char.IsAsciiDigit(At(s, q)))
            {
                while (q < s.Length && char.IsAsciiDigit(s[q]))
                {
                    q++;
                }

                exponent = true;
                p = q;
            }
        }

        end = p;
        var number = s[start..p];
        var value = double.Parse(number, NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture);
        var mantissa = exponent ? number[..number.IndexOfAny('e', 'E')] : number;
        var anyNonZeroDigit = mantissa.IndexOfAnyInRange('1', '9') >= 0;

        // ERANGE: overflow to infinity, or an underflow (zero or subnormal from non-zero digits).
        if (double.IsInfinity(value) || (anyNonZeroDigit && (value == 0 || double.IsSubnormal(value))))
        {
            return (StrToDOutcome.Failed, 0);
        }

        return (exponent ? StrToDOutcome.Exponent : StrToDOutcome.Ok, value);
    }

    /// <summary>The C cast (uint64_t)d as gcc compiles it for x86-64: out of range values become 0 here.</summary>
    private static ulong ToUInt64LikeX86(double d)
    {
        if (d < TwoTo63)
        {
            return (ulong)(long)d;
        }

        // subsd 2^63; cvttsd2si (0x8000000000000000 when out of range); btc 63.
        var shifted = d - TwoTo63;
        var converted = shifted < TwoTo63 ? (ulong)(long)shifted : 0x8000000000000000UL;
        return converted ^ 0x8000000000000000UL;
    }

    private static char At(ReadOnlySpan<char> s, int i) => i < s.Length ? s[i] : '\0';

    private static ulong SuffixMultiplier(char c) => c switch
    {
        'B' or 'b' => 1,
        'K' or 'k' => 1UL << 10,
        'M' or 'm' => 1UL << 20,
        'G' or 'g' => 1UL << 30,
        'T' or 't' => 1UL << 40,
        'P' or 'p' => 1UL << 50,
        'E' or 'e' => 1UL << 60,
        _ => 0,
    };

    private static int Digit(char c) => c switch
    {
        >= '0' and <= '9' => c - '0',
        >= 'a' and <= 'z' => c - 'a' + 10,
        >= 'A' and <= 'Z' => c - 'A' + 10,
        _ => -1,
    };

    internal static bool IsCSpace(char c) => c is ' ' or '\t' or '\n' or '\v' or '\f' or '\r';
}
