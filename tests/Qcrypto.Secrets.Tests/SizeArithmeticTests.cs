using Qcrypto.Objects.Schema;

namespace Qcrypto.Tests;

/// <summary>
/// qemu_strtosz's exact arithmetic (issue 9 item 7): strtod rounding, the x86-64 cast of 1.0 × 2^64 to 0,
/// the one-character skip after a failed strtod, and the hex-with-suffix warning. Every value here was read
/// back from QEMU 7.2 (qom-get of a memory-backend-ram size, or qemu-img create).
/// </summary>
public class SizeArithmeticTests
{
    [Theory]
    [InlineData("0.9999999999999999999k", 0UL)] // strtod gives 1.0; (uint64_t)(1.0 * 2^64) is 0 on x86-64
    [InlineData("1.9999999999999999999k", 1024UL)]
    [InlineData("0.9999999999999999999M", 0UL)]
    [InlineData("7.9999999999999999999M", 7340032UL)]
    [InlineData("0.99999999999999994k", 1024UL)] // the largest double below 1: 1023.99999... rounds half up
    [InlineData("0.00048828125k", 1UL)] // exactly half a byte: rounded up
    [InlineData("0.000488281249k", 0UL)]
    [InlineData("0.0004882812500000001k", 1UL)]
    [InlineData("1.4999999999999999999k", 1536UL)]
    [InlineData("0.1M", 104858UL)]
    [InlineData("123.456789M", 129453826UL)]
    [InlineData("1.1e-400k", 1UL)] // strtod underflows (ERANGE): QEMU skips the 'k' and keeps the integral part
    [InlineData("1.5e999k", 1UL)]
    [InlineData("1.5e999kB", 1UL)] // ... and then reads the 'B'
    [InlineData("1.5e999kk", 1024UL)]
    [InlineData("5.", 5UL)]
    [InlineData("1.k", 1024UL)]
    [InlineData("+0x10", 16UL)]
    [InlineData(" 1k", 1024UL)]
    [InlineData("0x0000000000000000000010", 16UL)]
    public void ValuesAreQemus(string text, ulong expected)
    {
        Assert.True(SizeParser.TryParse(text, out var value), text);
        Assert.Equal(expected, value);
    }

    [Fact]
    public void UnderflowThatEndsTheTextIsRefused()
    {
        // The skip after ERANGE steps past the terminating NUL: QEMU reads heap garbage (it refused these here).
        Assert.False(SizeParser.TryParse("1.1e-400", out _));
        Assert.False(SizeParser.TryParse("1.5e999", out _));
        Assert.True(SizeParser.TryParse("1." + new string('0', 400) + "1k", out var v));
        Assert.Equal(1UL, v);
    }

    [Theory]
    [InlineData("1.9e3k")] // an exponent that strtod accepts is refused
    [InlineData(".5k")]
    [InlineData("5..k")]
    [InlineData("0x1.8M")]
    [InlineData("-0x10")]
    [InlineData("00x10")]
    [InlineData("1.e5k")] // strtod fails on ".e5k": the dot is skipped, 'e' is the suffix, "5k" is left over
    [InlineData("0x10000000000000000")]
    [InlineData("16E")]
    public void RefusedLikeQemu(string text) => Assert.False(SizeParser.TryParse(text, out _), text);

    [Theory]
    [InlineData("0x10k", 16384UL)]
    [InlineData("0xfffK", 4193280UL)]
    [InlineData("0X1FM", 32505856UL)]
    public void HexWithASuffixWarnsAsQemuDoes(string text, ulong expected)
    {
        Assert.True(SizeParser.TryParse(text, out var value, out var warning));
        Assert.Equal(expected, value);
        Assert.Equal($"Using a multiplier suffix on hex numbers is deprecated: {text}", warning);
    }

    [Theory]
    [InlineData("0x10")]
    [InlineData("16k")]
    [InlineData("1.5k")]
    public void OtherSizesDoNotWarn(string text)
    {
        Assert.True(SizeParser.TryParse(text, out _, out var warning));
        Assert.Null(warning);
    }

    [Fact]
    public void TheHexWarningReachesTheLinesWarnings()
    {
        // QEMU prints it when it visits size, also when a later member then fails; not when an earlier one does.
        var warnings = new List<string>();
        Assert.Throws<Errors.ObjectOptionException>(() => Objects.ObjectOptionsValidator.Validate(
            Objects.ObjectLine.Parse("memory-backend-ram,id=m,size=0x10k,x-use-canonical-path-for-ramblock-id=maybe"), T.Catalog(), warnings));
        Assert.Equal(["Using a multiplier suffix on hex numbers is deprecated: 0x10k"], warnings);

        warnings.Clear();
        Assert.Throws<Errors.ObjectOptionException>(() => Objects.ObjectOptionsValidator.Validate(
            Objects.ObjectLine.Parse("memory-backend-ram,id=m,size=0x10k,share=maybe"), T.Catalog(), warnings));
        Assert.Empty(warnings);
    }
}
