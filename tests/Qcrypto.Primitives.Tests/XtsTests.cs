using System.Security.Cryptography;
using Qcrypto.Primitives.Engines;
using static Qcrypto.Primitives.Tests.Vectors;

namespace Qcrypto.Primitives.Tests;

/// <summary>AES-XTS, now libcrypto's: IEEE 1619 known answers (with ciphertext stealing) and the limits of the standard it enforces.</summary>
public class XtsTests
{
    [Theory]
    [MemberData(nameof(Xts), MemberType = typeof(Vectors))]
    public void Ieee1619Vectors(string key, string tweak, string plaintext, string ciphertext)
    {
        using var xts = new AesXtsEngine(Hex(key));
        var output = new byte[plaintext.Length / 2];
        xts.Transform(true, Hex(tweak), Hex(plaintext), output);
        Assert.Equal(ciphertext, Convert.ToHexStringLower(output));
        xts.Transform(false, Hex(tweak), output, output);
        Assert.Equal(plaintext, Convert.ToHexStringLower(output));
    }

    [Theory]
    [InlineData(32)]
    [InlineData(64)]
    public void KeyHalvesMustDiffer(int keyLength)
    {
        // SP 800-38E forbids key1 = key2 and OpenSSL refuses it for encryption; we refuse it both ways.
        var half = RandomNumberGenerator.GetBytes(keyLength / 2);
        Assert.Throws<CryptographicException>(() => new AesXtsEngine([.. half, .. half]));
    }

    [Fact]
    public void DataUnitsFromOneBlockTo2To20Blocks()
    {
        using var xts = new AesXtsEngine(RandomNumberGenerator.GetBytes(64));
        var tweak = new byte[16];
        Assert.ThrowsAny<ArgumentException>(() => xts.Transform(true, tweak, new byte[15], new byte[15]));
        Assert.ThrowsAny<ArgumentException>(() => xts.Transform(true, tweak, new byte[AesXtsEngine.MaxDataUnit + 1], new byte[AesXtsEngine.MaxDataUnit + 1]));
        Assert.ThrowsAny<ArgumentException>(() => xts.Transform(true, new byte[8], new byte[32], new byte[32]));
        var largest = new byte[AesXtsEngine.MaxDataUnit];
        xts.Transform(true, tweak, largest, largest);
        xts.Transform(false, tweak, largest, largest);
        Assert.True(largest.AsSpan().IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public void RefusesKeysThatAreNotXtsKeys()
    {
        Assert.ThrowsAny<ArgumentException>(() => new AesXtsEngine(new byte[48]));
        Assert.ThrowsAny<ArgumentException>(() => new AesXtsEngine(new byte[16]));
    }
}
