namespace Qcrypto.Primitives.Tests;

public class KernelRandomTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(32)]
    [InlineData(1 << 20)]
    public void FillsTheWholeBufferWithFreshBytes(int length)
    {
        var a = new byte[length];
        var b = new byte[length];
        KernelRandom.Fill(a);
        KernelRandom.Fill(b);
        Assert.False(a.AsSpan().SequenceEqual(b) && length >= 16, "two fills gave the same bytes");
        if (length >= 1024)
        {
            // Every byte written: a megabyte of random data has no run of 64 zero bytes left over.
            Assert.True(a.AsSpan().IndexOf(new byte[64]) < 0);
        }
    }

    [Fact]
    public void EmptyIsFine() => KernelRandom.Fill([]);
}
