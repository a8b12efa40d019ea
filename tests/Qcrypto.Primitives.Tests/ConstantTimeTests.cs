namespace Qcrypto.Primitives.Tests;

public class ConstantTimeTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(64)]
    [InlineData(1000)]
    public void EqualOnlyWhenEveryByteIs(int length)
    {
        var a = new byte[length];
        Random.Shared.NextBytes(a);
        Assert.True(ConstantTime.Equals(a, a.ToArray()));
        for (var i = 0; i < length; i++)
        {
            var b = a.ToArray();
            b[i] ^= (byte)(1 << (i % 8));
            Assert.False(ConstantTime.Equals(a, b));
        }

        Assert.False(ConstantTime.Equals(a, a.Concat(new byte[] { 0 }).ToArray()));
    }
}
