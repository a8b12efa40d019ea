using Qcrypto.Objects.Schema;

namespace Qcrypto.Tests;

/// <summary>qemu_strtosz (sizes) and strtoll/strtoull with base 0 (integers), as QEMU 7.2 applies them.</summary>
public class NumberTests
{
    [Theory]
    [InlineData("0", 0UL)]
    [InlineData("1", 1UL)]
    [InlineData("4096", 4096UL)]
    [InlineData("04096", 4096UL)] // sizes are decimal: no octal
    [InlineData("1b", 1UL)]
    [InlineData("1B", 1UL)]
    [InlineData("1k", 1024UL)]
    [InlineData("1K", 1024UL)]
    [InlineData("64k", 65536UL)]
    [InlineData("2M", 2097152UL)]
    [InlineData("2m", 2097152UL)]
    [InlineData("1G", 1UL << 30)]
    [InlineData("1T", 1UL << 40)]
    [InlineData("1P", 1UL << 50)]
    [InlineData("1E", 1UL << 60)]
    [InlineData("15E", 15UL << 60)]
    [InlineData("8E", 8UL << 60)]
    [InlineData("1.5k", 1536UL)]
    [InlineData("1.k", 1024UL)]
    [InlineData("1.M", 1UL << 20)]
    [InlineData("0.5k", 512UL)]
    [InlineData("1.", 1UL)] // strtod fails on "."; QEMU skips the dot
    [InlineData("1.0", 1UL)] // a zero fraction needs no suffix
    [InlineData("0.0", 0UL)]
    [InlineData("1e", 1UL << 60)] // e is the exbibyte suffix
    [InlineData("1.25k", 1280UL)]
    [InlineData("1.0009765625k", 1025UL)]
    [InlineData("1.5M", 1572864UL)]
    [InlineData("1.5E", 3UL << 59)]
    [InlineData("1.5e", 3UL << 59)] // "e" without digits is no exponent: the suffix
    [InlineData("3.14159k", 3217UL)] // 3216.98816: rounded half up
    [InlineData("0x10", 16UL)]
    [InlineData("0X400", 1024UL)]
    [InlineData("0x10k", 16384UL)] // hex with a suffix: deprecated but accepted
    [InlineData(" 1M", 1UL << 20)]
    [InlineData("\t2M", 2UL << 20)]
    [InlineData("+1M", 1UL << 20)]
    [InlineData("18446744073709551615", ulong.MaxValue)]
    public void ValidSizes(string text, ulong expected)
    {
        Assert.True(SizeParser.TryParse(text, out var value), text);
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("k")]
    [InlineData("1.5")] // a fraction needs a suffix other than B
    [InlineData("1.5B")]
    [InlineData("0.5")]
    [InlineData(".5k")] // the integral part is mandatory
    [InlineData("1e3")]
    [InlineData("1E3")]
    [InlineData("1kB")]
    [InlineData("1MB")]
    [InlineData("1MM")]
    [InlineData("16E")]
    [InlineData("17179869184G")]
    [InlineData("18446744073709551616")]
    [InlineData("-1")]
    [InlineData("-0")]
    [InlineData("1 ")]
    [InlineData("1M ")]
    [InlineData("1 M")]
    [InlineData("0x")]
    [InlineData("0xk")]
    [InlineData("0x1.8M")]
    [InlineData("0x1.5k")]
    [InlineData("inf")]
    [InlineData("nan")]
    [InlineData("0x1p3")]
    [InlineData("1.5e3")]
    [InlineData("1.5e+3k")]
    [InlineData("abc")]
    [InlineData("1,5k")]
    public void InvalidSizes(string text) => Assert.False(SizeParser.TryParse(text, out _), text);

    [Theory]
    [InlineData(0UL, "0")]
    [InlineData(1UL, "1")]
    [InlineData(1024UL, "1K")]
    [InlineData(1536UL, "1536")]
    [InlineData(3UL << 20, "3M")]
    [InlineData(15UL << 60, "15E")]
    [InlineData(ulong.MaxValue, "18446744073709551615")]
    public void SizesFormatWithTheLargestExactSuffix(ulong value, string text)
    {
        Assert.Equal(text, SizeParser.Format(value));
        Assert.True(SizeParser.TryParse(text, out var back));
        Assert.Equal(value, back);
    }

    [Theory]
    [InlineData("0", 0L)]
    [InlineData("-1", -1L)]
    [InlineData("+1", 1L)]
    [InlineData(" 1", 1L)]
    [InlineData("\t\n\v\f\r 1", 1L)]
    [InlineData("010", 8L)]
    [InlineData("0777", 511L)]
    [InlineData("00", 0L)]
    [InlineData("0x10", 16L)]
    [InlineData("0X1f", 31L)]
    [InlineData("-0x10", -16L)]
    [InlineData("0x0", 0L)]
    [InlineData("9223372036854775807", long.MaxValue)]
    [InlineData("-9223372036854775808", long.MinValue)]
    [InlineData("0x7fffffffffffffff", long.MaxValue)]
    public void ValidInt64(string text, long expected)
    {
        Assert.True(CInteger.TryParseInt64(text, out var value), text);
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("+")]
    [InlineData("-")]
    [InlineData("abc")]
    [InlineData("1k")]
    [InlineData("1.0")]
    [InlineData("1e3")]
    [InlineData("1 ")]
    [InlineData("- 1")]
    [InlineData("++1")]
    [InlineData("08")]
    [InlineData("0778")]
    [InlineData("0x")]
    [InlineData("0xg")]
    [InlineData("0x-1")]
    [InlineData("9223372036854775808")]
    [InlineData("-9223372036854775809")]
    [InlineData("18446744073709551615")]
    [InlineData("99999999999999999999999")]
    public void InvalidInt64(string text) => Assert.False(CInteger.TryParseInt64(text, out _), text);

    [Theory]
    [InlineData("0", 0UL)]
    [InlineData("+3", 3UL)]
    [InlineData(" 7", 7UL)]
    [InlineData("017", 15UL)]
    [InlineData("0x10", 16UL)]
    [InlineData("4294967296", 4294967296UL)]
    [InlineData("18446744073709551615", ulong.MaxValue)]
    [InlineData("0xffffffffffffffff", ulong.MaxValue)]
    public void ValidUInt64(string text, ulong expected)
    {
        Assert.True(CInteger.TryParseUInt64(text, out var value), text);
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData("-1")] // strtoull would wrap it; QEMU's visitor refuses a minus sign
    [InlineData("-0")]
    [InlineData(" -1")]
    [InlineData("+-1")]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1.0")]
    [InlineData("0x")]
    [InlineData("18446744073709551616")]
    [InlineData("0x10000000000000000")]
    public void InvalidUInt64(string text) => Assert.False(CInteger.TryParseUInt64(text, out _), text);
}
