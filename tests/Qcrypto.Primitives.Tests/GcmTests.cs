using System.Runtime.Intrinsics;
using System.Security.Cryptography;
using Qcrypto.Primitives.Engines;
using Qcrypto.Primitives.Evp;
using Qcrypto.Primitives.Symmetric;
using static Qcrypto.Primitives.Tests.Vectors;

namespace Qcrypto.Primitives.Tests;

/// <summary>
/// GHASH and GCM: the GCM specification's test cases on ours, on libcrypto's context and through the
/// engine; what only ours does (a 16-byte J0, checking the tag before writing); and ours against
/// .NET's AesGcm (OpenSSL) on random inputs of many sizes.
/// </summary>
public class GcmTests
{
    [Fact]
    public void GhashOfTestCase2()
    {
        // GCM specification, test case 2: H = E(0, 0^128), GHASH(H, {}, C) as the spec lists it.
        var ghash = new Ghash(Vector128.Create(Hex("66e94bd4ef8a2c3b884cfa59ca342b2e")));
        ghash.Update(Hex("0388dace60b6a392f328c2b971b2fe78"));
        ghash.Update(Hex("00000000000000000000000000000080"));
        var value = new byte[16];
        ghash.Value.CopyTo(value);
        Assert.Equal("f38cbb1ad69223dcc3457ae5b6b0f885", Convert.ToHexStringLower(value));
    }

    [Theory]
    [MemberData(nameof(Gcm), MemberType = typeof(Vectors))]
    public void SpecificationTestCases(string key, string plaintext, string iv, string aad, string ciphertext, string tag)
    {
        var k = Hex(key);
        var p = Hex(plaintext);
        using var ours = new AesNiGcm(k);
        using var evp = new EvpAesGcm(k);
        using var engine = new AesGcmEngine(k);
        foreach (var encrypt in new Action<byte[], byte[]>[]
        {
            (c, t) => ours.Encrypt(Hex(iv), Hex(aad), p, c, t),
            (c, t) => evp.Encrypt(Hex(iv), Hex(aad), p, c, t),
            (c, t) => engine.Encrypt(Hex(iv), Hex(aad), p, c, t),
        })
        {
            var c = new byte[p.Length];
            var t = new byte[16];
            encrypt(c, t);
            Assert.Equal(ciphertext, Convert.ToHexStringLower(c));
            Assert.Equal(tag, Convert.ToHexStringLower(t));
        }

        var back = new byte[p.Length];
        Assert.True(ours.Decrypt(Hex(iv), Hex(aad), Hex(ciphertext), Hex(tag), back));
        Assert.Equal(p, back);
        Assert.True(evp.Decrypt(Hex(iv), Hex(aad), Hex(ciphertext), Hex(tag), back));
        Assert.Equal(p, back);
    }

    [Fact]
    public void A16ByteIvIsJ0Itself()
    {
        // With a 12-byte IV, J0 = IV || 0^31 || 1: giving that J0 as the 16-byte IV must change nothing.
        var key = RandomNumberGenerator.GetBytes(32);
        var iv = RandomNumberGenerator.GetBytes(12);
        var plaintext = RandomNumberGenerator.GetBytes(1000);
        using var engine = new AesGcmEngine(key);
        var a = new byte[plaintext.Length];
        var b = new byte[plaintext.Length];
        var tagA = new byte[16];
        var tagB = new byte[16];
        engine.Encrypt(iv, [1, 2, 3], plaintext, a, tagA);
        engine.Encrypt([.. iv, 0, 0, 0, 1], [1, 2, 3], plaintext, b, tagB);
        Assert.Equal(a, b);
        Assert.Equal(tagA, tagB);
        Assert.True(engine.TakesIvLength(16));
        Assert.False(engine.TakesIvLength(8));
    }

    [Fact]
    public void OursChecksTheTagBeforeWriting()
    {
        var key = RandomNumberGenerator.GetBytes(16);
        using var ours = new AesNiGcm(key);
        var iv = RandomNumberGenerator.GetBytes(12);
        var ciphertext = new byte[100];
        var tag = new byte[16];
        ours.Encrypt(iv, [], RandomNumberGenerator.GetBytes(100), ciphertext, tag);
        tag[5] ^= 1;
        var plaintext = Enumerable.Repeat((byte)0xA5, 100).ToArray();
        Assert.False(ours.Decrypt(iv, [], ciphertext, tag, plaintext));
        Assert.All(plaintext, b => Assert.Equal(0xA5, b));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(17)]
    [InlineData(AesGcmEngine.Crossover - 1)]
    [InlineData(AesGcmEngine.Crossover)]
    [InlineData(4096)]
    [InlineData(65537)]
    public void EngineMatchesDotNetOnBothSidesOfTheCrossover(int length)
    {
        foreach (var keyLength in new[] { 16, 24, 32 })
        {
            var key = RandomNumberGenerator.GetBytes(keyLength);
            var iv = RandomNumberGenerator.GetBytes(12);
            var aad = RandomNumberGenerator.GetBytes(length % 40);
            var plaintext = RandomNumberGenerator.GetBytes(length);
            using var reference = new AesGcm(key, 16);
            var expected = new byte[length];
            var expectedTag = new byte[16];
            reference.Encrypt(iv, plaintext, expected, expectedTag, aad);

            using var engine = new AesGcmEngine(key);
            var ciphertext = new byte[length];
            var tag = new byte[16];
            engine.Encrypt(iv, aad, plaintext, ciphertext, tag);
            Assert.Equal(expected, ciphertext);
            Assert.Equal(expectedTag, tag);

            // Short tags (SP 800-38D's 4 and 8 bytes, which .NET refuses) are the full tag truncated.
            var shortTag = new byte[8];
            engine.Encrypt(iv, aad, plaintext, ciphertext, shortTag);
            Assert.Equal(expectedTag[..8], shortTag);
            var back = new byte[length];
            Assert.True(engine.Decrypt(iv, aad, ciphertext, shortTag, back));
            Assert.Equal(plaintext, back);

            // A wrong tag: false, and no plaintext left behind whichever engine ran.
            tag[0] ^= 0x80;
            Array.Fill(back, (byte)0xA5);
            Assert.False(engine.Decrypt(iv, aad, ciphertext, tag, back));
            Assert.All(back, b => Assert.True(b is 0 or 0xA5));
            Assert.Equal(engine.DecryptWritesOnlyOnSuccess(12, length), length == 0 || back.All(b => b == 0xA5));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(100)]
    [InlineData(AesGcmEngine.Crossover)]
    [InlineData(20000)]
    public void GmacIsGcmWithTheMessageAsAad(int length)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var iv = RandomNumberGenerator.GetBytes(12);
        var message = RandomNumberGenerator.GetBytes(length);
        using var reference = new AesGcm(key, 16);
        var expected = new byte[16];
        reference.Encrypt(iv, ReadOnlySpan<byte>.Empty, Span<byte>.Empty, expected, message);
        using var engine = new AesGcmEngine(key);
        var tag = new byte[12];
        engine.ComputeGmac(iv, message, tag);
        Assert.Equal(expected[..12], tag);
    }
}
