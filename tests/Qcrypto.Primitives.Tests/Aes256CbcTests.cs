using System.Security.Cryptography;
using Qcrypto.Primitives.Symmetric;

namespace Qcrypto.Primitives.Tests;

/// <summary>The secrets' AES-256-CBC must give OpenSSL's bytes exactly, in both directions.</summary>
public class Aes256CbcTests
{
    [Fact]
    public void ThisMachineUsesAesNi()
    {
        // Otherwise the comparisons below would compare OpenSSL with itself.
        Assert.True(AesNiKey.IsSupported, "the CPU has no AES-NI: the in-process AES path is not being tested");
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

            // In place, as the secret objects decrypt.
            Aes256Cbc.DecryptBlocks(key, iv, ours, ours);
            Assert.Equal(decrypted, ours);
        }
    }

    [Fact]
    public void RejectsKeysThatAreNotAes256()
    {
        Assert.ThrowsAny<ArgumentException>(() => Aes256Cbc.EncryptPkcs7(new byte[16], new byte[16], []));
        Assert.ThrowsAny<ArgumentException>(() => Aes256Cbc.DecryptBlocks(new byte[24], new byte[16], new byte[16], new byte[16]));
    }

    [Fact]
    public void RejectsPartialBlocksAndShortIvs()
    {
        Assert.ThrowsAny<ArgumentException>(() => Aes256Cbc.DecryptBlocks(new byte[32], new byte[16], new byte[17], new byte[17]));
        Assert.ThrowsAny<ArgumentException>(() => Aes256Cbc.DecryptBlocks(new byte[32], new byte[8], new byte[16], new byte[16]));
        Assert.ThrowsAny<ArgumentException>(() => Aes256Cbc.EncryptPkcs7(new byte[32], new byte[8], new byte[3]));
    }
}
