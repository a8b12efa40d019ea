using Qcrypto.Cryptodev.Tests.Support;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoCipherAlgo;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Tests;

/// <summary>
/// Every CIPHER algorithm against OpenSSL on the same random inputs, both directions: our
/// ciphertext equals openssl's and decrypts in openssl; openssl's ciphertext decrypts with us.
/// </summary>
public class CipherInteropTests
{
    [Theory]
    [InlineData(VIRTIO_CRYPTO_CIPHER_AES_ECB, 16, "aes-128-ecb")]
    [InlineData(VIRTIO_CRYPTO_CIPHER_AES_ECB, 24, "aes-192-ecb")]
    [InlineData(VIRTIO_CRYPTO_CIPHER_AES_ECB, 32, "aes-256-ecb")]
    [InlineData(VIRTIO_CRYPTO_CIPHER_AES_CBC, 16, "aes-128-cbc")]
    [InlineData(VIRTIO_CRYPTO_CIPHER_AES_CBC, 24, "aes-192-cbc")]
    [InlineData(VIRTIO_CRYPTO_CIPHER_AES_CBC, 32, "aes-256-cbc")]
    [InlineData(VIRTIO_CRYPTO_CIPHER_AES_CTR, 16, "aes-128-ctr")]
    [InlineData(VIRTIO_CRYPTO_CIPHER_AES_CTR, 24, "aes-192-ctr")]
    [InlineData(VIRTIO_CRYPTO_CIPHER_AES_CTR, 32, "aes-256-ctr")]
    [InlineData(VIRTIO_CRYPTO_CIPHER_3DES_ECB, 24, "des-ede3-ecb")]
    [InlineData(VIRTIO_CRYPTO_CIPHER_3DES_CBC, 24, "des-ede3-cbc")]
    public void MatchesOpensslEnc(VirtioCryptoCipherAlgo algo, int keyLength, string opensslName)
    {
        using var rig = new Rig();
        var block = algo is VIRTIO_CRYPTO_CIPHER_3DES_ECB or VIRTIO_CRYPTO_CIPHER_3DES_CBC ? 8 : 16;
        var ecb = algo is VIRTIO_CRYPTO_CIPHER_AES_ECB or VIRTIO_CRYPTO_CIPHER_3DES_ECB;
        foreach (var size in Bytes.Sizes(block, anyLength: algo == VIRTIO_CRYPTO_CIPHER_AES_CTR))
        {
            var key = Bytes.Random(keyLength);
            var iv = ecb ? [] : Bytes.Random(block);
            var plain = Bytes.Random(size);
            var (s1, enc) = rig.Driver.CreateCipherSession(algo, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, key);
            var (s2, dec) = rig.Driver.CreateCipherSession(algo, VirtioCryptoOp.VIRTIO_CRYPTO_OP_DECRYPT, key);
            Assert.Equal(VIRTIO_CRYPTO_OK, s1);
            Assert.Equal(VIRTIO_CRYPTO_OK, s2);

            // Ours -> openssl.
            var ours = rig.Driver.Cipher(enc, encrypt: true, iv, plain);
            Assert.Equal(VIRTIO_CRYPTO_OK, ours.Status);
            Assert.Equal((uint)size + 1, ours.Raw.UsedLength);
            var theirs = Openssl.Enc(opensslName, encrypt: true, key, ecb ? null : iv, plain);
            Assert.Equal(Convert.ToHexString(theirs), Convert.ToHexString(ours.Output));
            Assert.Equal(plain, Openssl.Enc(opensslName, encrypt: false, key, ecb ? null : iv, ours.Output));

            // Openssl -> ours.
            var other = Bytes.Random(size);
            var fromOpenssl = Openssl.Enc(opensslName, encrypt: true, key, ecb ? null : iv, other);
            var back = rig.Driver.Cipher(dec, encrypt: false, iv, fromOpenssl);
            Assert.Equal(VIRTIO_CRYPTO_OK, back.Status);
            Assert.Equal(other, back.Output);
            Assert.Equal(VIRTIO_CRYPTO_OK, rig.Driver.DestroySession(enc));
            Assert.Equal(VIRTIO_CRYPTO_OK, rig.Driver.DestroySession(dec));
        }
    }

    /// <summary>
    /// 3DES-CTR: OpenSSL has no des-ede3-ctr, so the keystream comes from openssl's des-ede3-ecb of
    /// the 64-bit big-endian counter blocks (nettle's ctr_crypt, which QEMU uses).
    /// </summary>
    [Fact]
    public void TripleDesCtrMatchesOpensslKeystream()
    {
        using var rig = new Rig();
        foreach (var size in new[] { 0, 1, 7, 8, 9, 100, 4099 })
        {
            var key = Bytes.Random(24);
            var iv = Bytes.Random(8);

            // A counter near wrap-around proves the whole 64 bits carry.
            if (size == 100)
            {
                iv = [0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFE];
            }

            var plain = Bytes.Random(size);
            var blocks = (size + 7) / 8;
            var counters = new byte[blocks * 8];
            var counter = System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(iv);
            for (var i = 0; i < blocks; i++)
            {
                System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(counters.AsSpan(8 * i), counter + (ulong)i);
            }

            var stream = Openssl.Enc("des-ede3-ecb", encrypt: true, key, null, counters);
            var expected = plain.Select((b, i) => (byte)(b ^ stream[i])).ToArray();
            var (_, enc) = rig.Driver.CreateCipherSession(VIRTIO_CRYPTO_CIPHER_3DES_CTR, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, key);
            var (_, dec) = rig.Driver.CreateCipherSession(VIRTIO_CRYPTO_CIPHER_3DES_CTR, VirtioCryptoOp.VIRTIO_CRYPTO_OP_DECRYPT, key);
            var ours = rig.Driver.Cipher(enc, true, iv, plain);
            Assert.Equal(VIRTIO_CRYPTO_OK, ours.Status);
            Assert.Equal(expected, ours.Output);
            Assert.Equal(plain, rig.Driver.Cipher(dec, false, iv, expected).Output);
        }
    }

    /// <summary>AES-XTS (both key sizes, with ciphertext stealing) against OpenSSL via python3-cryptography (`openssl enc` refuses XTS).</summary>
    [Fact]
    public void XtsMatchesOpenssl()
    {
        using var rig = new Rig();
        List<(byte[] Key, byte[] Iv, byte[] Plain, byte[] Ours, byte[] OtherPlain)> cases = [];
        List<PyOpenssl.Op> ops = [];
        foreach (var keyLength in new[] { 32, 64 })
        {
            foreach (var size in new[] { 16, 17, 31, 32, 33, 100, 512, 4096, 4111 })
            {
                var key = Bytes.Random(keyLength);
                var iv = Bytes.Random(16);
                var plain = Bytes.Random(size);
                var (_, enc) = rig.Driver.CreateCipherSession(VIRTIO_CRYPTO_CIPHER_AES_XTS, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, key);
                var ours = rig.Driver.Cipher(enc, true, iv, plain);
                Assert.Equal(VIRTIO_CRYPTO_OK, ours.Status);
                var other = Bytes.Random(size);
                cases.Add((key, iv, plain, ours.Output, other));
                ops.Add(new PyOpenssl.Op("xts", true, key, iv, plain, []));
                ops.Add(new PyOpenssl.Op("xts", false, key, iv, ours.Output, []));
                ops.Add(new PyOpenssl.Op("xts", true, key, iv, other, []));
            }
        }

        var results = PyOpenssl.Run(ops);
        for (var i = 0; i < cases.Count; i++)
        {
            var (key, iv, plain, ours, other) = cases[i];
            Assert.Equal(Convert.ToHexString(results[3 * i]!), Convert.ToHexString(ours));
            Assert.Equal(plain, results[3 * i + 1]);
            var (_, dec) = rig.Driver.CreateCipherSession(VIRTIO_CRYPTO_CIPHER_AES_XTS, VirtioCryptoOp.VIRTIO_CRYPTO_OP_DECRYPT, key);
            var back = rig.Driver.Cipher(dec, false, iv, results[3 * i + 2]!);
            Assert.Equal(VIRTIO_CRYPTO_OK, back.Status);
            Assert.Equal(other, back.Output);
        }
    }

    /// <summary>AES-CTR's counter is 128 bits: it carries from the low 64 bits into the high ones, as OpenSSL's does.</summary>
    [Fact]
    public void AesCtrCounterCarriesAcrossSixtyFourBits()
    {
        using var rig = new Rig();
        var key = Bytes.Random(32);
        byte[] iv = [.. Bytes.Random(8), 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFD];
        var plain = Bytes.Random(100);
        var (_, enc) = rig.Driver.CreateCipherSession(VIRTIO_CRYPTO_CIPHER_AES_CTR, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, key);
        Assert.Equal(Openssl.Enc("aes-256-ctr", true, key, iv, plain), rig.Driver.Cipher(enc, true, iv, plain).Output);
    }

    /// <summary>The same requests cut into 3-byte segments: the gather/scatter path gives the same bytes.</summary>
    [Theory]
    [InlineData(VIRTIO_CRYPTO_CIPHER_AES_CBC, 32, "aes-256-cbc")]
    [InlineData(VIRTIO_CRYPTO_CIPHER_AES_CTR, 16, "aes-128-ctr")]
    public void FragmentedSegmentsGiveTheSameResult(VirtioCryptoCipherAlgo algo, int keyLength, string opensslName)
    {
        using var rig = new Rig();
        rig.Driver.Fragment = 3;
        var key = Bytes.Random(keyLength);
        var iv = Bytes.Random(16);
        var plain = Bytes.Random(160);
        var (status, enc) = rig.Driver.CreateCipherSession(algo, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, key);
        Assert.Equal(VIRTIO_CRYPTO_OK, status);
        var ours = rig.Driver.Cipher(enc, true, iv, plain);
        Assert.Equal(VIRTIO_CRYPTO_OK, ours.Status);
        Assert.Equal(Openssl.Enc(opensslName, true, key, iv, plain), ours.Output);
    }
}
