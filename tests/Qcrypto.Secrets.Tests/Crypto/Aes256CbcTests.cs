using System.Security.Cryptography;
using Qcrypto.Crypto;

namespace Qcrypto.Tests.Crypto;

/// <summary>The AES-NI path must give OpenSSL's bytes exactly, in both directions.</summary>
public class Aes256CbcTests
{
    [Fact]
    public void ThisMachineUsesAesNi()
    {
        // Otherwise the comparisons below would compare OpenSSL with itself.
        Assert.True(AesNiKey.IsSupported, "the CPU has no AES-NI: the in-process AES path is not being tested");
    }

    [Fact]
    public void Fips197AppendixC3KnownAnswer()
    {
        var key = Convert.FromHexString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
        var plaintext = Convert.FromHexString("00112233445566778899aabbccddeeff");
        using var aes = new AesNiKey(key);
        var output = new byte[16];
        aes.EncryptCbc(new byte[16], plaintext, output); // CBC with a zero IV is ECB for one block
        Assert.Equal("8ea2b7ca516745bfeafc49904b496089", Convert.ToHexStringLower(output));
        aes.DecryptCbc(new byte[16], output, output);
        Assert.Equal(plaintext, output);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(4096)]
    [InlineData(1 << 20)]
    public void MatchesOpenSsl(int length)
    {
        for (var trial = 0; trial < (length > 4096 ? 2 : 50); trial++)
        {
            var key = RandomNumberGenerator.GetBytes(32);
            var iv = RandomNumberGenerator.GetBytes(16);
            var plaintext = RandomNumberGenerator.GetBytes(length);
            using var openssl = Aes.Create();
            openssl.Key = key;

            var ours = Aes256Cbc.EncryptPkcs7(key, iv, plaintext);
            Assert.Equal(openssl.EncryptCbc(plaintext, iv, PaddingMode.PKCS7), ours);

            var decrypted = new byte[ours.Length];
            Aes256Cbc.DecryptBlocks(key, iv, ours, decrypted);
            Assert.Equal(openssl.DecryptCbc(ours, iv, PaddingMode.None), decrypted);

            var viaOpenSsl = new byte[ours.Length];
            Aes256Cbc.DecryptBlocksWithOpenSsl(key, iv, ours, viaOpenSsl);
            Assert.Equal(decrypted, viaOpenSsl);
        }
    }

    [Fact]
    public void InPlaceWorks()
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var iv = RandomNumberGenerator.GetBytes(16);
        var data = RandomNumberGenerator.GetBytes(64);
        var copy = data.ToArray();
        using var aes = new AesNiKey(key);
        aes.EncryptCbc(iv, data, data);
        Assert.NotEqual(copy, data);
        aes.DecryptCbc(iv, data, data);
        Assert.Equal(copy, data);
    }

    [Fact]
    public void RejectsKeysThatAreNotAes256()
    {
        Assert.ThrowsAny<ArgumentException>(() => Aes256Cbc.EncryptPkcs7(new byte[16], new byte[16], []));
        Assert.ThrowsAny<ArgumentException>(() => Aes256Cbc.DecryptBlocks(new byte[24], new byte[16], new byte[16], new byte[16]));
    }
}
