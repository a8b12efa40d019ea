using Qcrypto.Cryptodev.Tests.Support;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoHashAlgo;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoMacAlgo;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Tests;

/// <summary>HASH and MAC against `openssl dgst` and `openssl mac` on the same random inputs.</summary>
public class HashMacInteropTests
{
    private static readonly int[] Sizes = [0, 1, 55, 56, 64, 127, 128, 1000, 65536];

    [Theory]
    [InlineData(VIRTIO_CRYPTO_HASH_MD5, "md5", 16)]
    [InlineData(VIRTIO_CRYPTO_HASH_SHA1, "sha1", 20)]
    [InlineData(VIRTIO_CRYPTO_HASH_SHA_224, "sha224", 28)]
    [InlineData(VIRTIO_CRYPTO_HASH_SHA_256, "sha256", 32)]
    [InlineData(VIRTIO_CRYPTO_HASH_SHA_384, "sha384", 48)]
    [InlineData(VIRTIO_CRYPTO_HASH_SHA_512, "sha512", 64)]
    [InlineData(VIRTIO_CRYPTO_HASH_SHA3_224, "sha3-224", 28)]
    [InlineData(VIRTIO_CRYPTO_HASH_SHA3_256, "sha3-256", 32)]
    [InlineData(VIRTIO_CRYPTO_HASH_SHA3_384, "sha3-384", 48)]
    [InlineData(VIRTIO_CRYPTO_HASH_SHA3_512, "sha3-512", 64)]
    public void HashMatchesOpensslDgst(VirtioCryptoHashAlgo algo, string name, int length)
    {
        using var rig = new Rig();
        var (status, session) = rig.Driver.CreateHashSession(algo, (uint)length);
        Assert.Equal(VIRTIO_CRYPTO_OK, status);
        var (truncStatus, truncated) = rig.Driver.CreateHashSession(algo, 12);
        Assert.Equal(VIRTIO_CRYPTO_OK, truncStatus);
        foreach (var size in Sizes)
        {
            var data = Bytes.Random(size);
            var expected = Openssl.Dgst(name, data);
            var ours = rig.Driver.Hash(session, data, (uint)length);
            Assert.Equal(VIRTIO_CRYPTO_OK, ours.Status);
            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(ours.Output));

            // A shorter result is the digest's prefix.
            Assert.Equal(expected[..12], rig.Driver.Hash(truncated, data, 12).Output);
        }

        // Longer than the digest: refused at session creation.
        Assert.Equal(VIRTIO_CRYPTO_ERR, rig.Driver.CreateHashSession(algo, (uint)length + 1).Status);
    }

    [Theory]
    [InlineData(VIRTIO_CRYPTO_HASH_SHA3_SHAKE128, "shake128")]
    [InlineData(VIRTIO_CRYPTO_HASH_SHA3_SHAKE256, "shake256")]
    public void ShakeMatchesOpensslDgstWithXoflen(VirtioCryptoHashAlgo algo, string name)
    {
        using var rig = new Rig();
        foreach (var length in new[] { 1, 16, 32, 100, 1000 })
        {
            var (status, session) = rig.Driver.CreateHashSession(algo, (uint)length);
            Assert.Equal(VIRTIO_CRYPTO_OK, status);
            var data = Bytes.Random(length * 3);
            Assert.Equal(Openssl.Dgst(name, data, length), rig.Driver.Hash(session, data, (uint)length).Output);
        }
    }

    [Theory]
    [InlineData(VIRTIO_CRYPTO_MAC_HMAC_MD5, "MD5", 16)]
    [InlineData(VIRTIO_CRYPTO_MAC_HMAC_SHA1, "SHA1", 20)]
    [InlineData(VIRTIO_CRYPTO_MAC_HMAC_SHA_224, "SHA224", 28)]
    [InlineData(VIRTIO_CRYPTO_MAC_HMAC_SHA_256, "SHA256", 32)]
    [InlineData(VIRTIO_CRYPTO_MAC_HMAC_SHA_384, "SHA384", 48)]
    [InlineData(VIRTIO_CRYPTO_MAC_HMAC_SHA_512, "SHA512", 64)]
    public void HmacMatchesOpensslMac(VirtioCryptoMacAlgo algo, string digest, int length)
    {
        using var rig = new Rig();
        foreach (var keyLength in new[] { 0, 16, 64, 200, 512 })
        {
            var key = Bytes.Random(keyLength);
            var (status, session) = rig.Driver.CreateMacSession(algo, (uint)length, key);
            Assert.Equal(VIRTIO_CRYPTO_OK, status);
            foreach (var size in new[] { 0, 1, 100, 5000 })
            {
                var data = Bytes.Random(size);
                var expected = Openssl.Mac("HMAC", data, $"-digest {digest}", $"hexkey:{Convert.ToHexString(key)}");
                var ours = rig.Driver.Mac(session, data, (uint)length);
                Assert.Equal(VIRTIO_CRYPTO_OK, ours.Status);
                Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(ours.Output));
            }
        }
    }

    [Theory]
    [InlineData(16, "AES-128-CBC")]
    [InlineData(24, "AES-192-CBC")]
    [InlineData(32, "AES-256-CBC")]
    public void CmacMatchesOpensslMac(int keyLength, string cipher)
    {
        using var rig = new Rig();
        var key = Bytes.Random(keyLength);
        var (status, session) = rig.Driver.CreateMacSession(VIRTIO_CRYPTO_MAC_CMAC_AES, 16, key);
        Assert.Equal(VIRTIO_CRYPTO_OK, status);
        foreach (var size in new[] { 0, 1, 15, 16, 17, 32, 33, 1000 })
        {
            var data = Bytes.Random(size);
            var expected = Openssl.Mac("CMAC", data, $"-cipher {cipher}", $"hexkey:{Convert.ToHexString(key)}");
            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(rig.Driver.Mac(session, data, 16).Output));
        }
    }

    /// <summary>GMAC: our convention takes the IV from the first 12 bytes of src_data (a MAC request has no IV field).</summary>
    [Theory]
    [InlineData(16, "AES-128-GCM")]
    [InlineData(32, "AES-256-GCM")]
    public void GmacMatchesOpensslMac(int keyLength, string cipher)
    {
        using var rig = new Rig();
        var key = Bytes.Random(keyLength);
        var (status, session) = rig.Driver.CreateMacSession(VIRTIO_CRYPTO_MAC_GMAC_AES, 16, key);
        Assert.Equal(VIRTIO_CRYPTO_OK, status);
        foreach (var size in new[] { 0, 1, 16, 17, 100, 4000 })
        {
            var iv = Bytes.Random(12);
            var data = Bytes.Random(size);
            var expected = Openssl.Mac("GMAC", data, $"-cipher {cipher}", $"hexkey:{Convert.ToHexString(key)}", $"hexiv:{Convert.ToHexString(iv)}");
            Assert.Equal(Convert.ToHexString(expected), Convert.ToHexString(rig.Driver.Mac(session, [.. iv, .. data], 16).Output));
        }

        // Shorter than its IV: ERR.
        Assert.Equal(VIRTIO_CRYPTO_ERR, rig.Driver.Mac(session, Bytes.Random(11), 16).Status);
    }

    [Fact]
    public void StatelessHashAndMacMatchOpenssl()
    {
        using var rig = new Rig(features: Rig.All);
        rig.Driver.DataFlag = 0;
        var data = Bytes.Random(777);
        var key = Bytes.Random(40);
        Assert.Equal(Openssl.Dgst("sha256", data), rig.Driver.HashStateless(VIRTIO_CRYPTO_HASH_SHA_256, data, 32).Output);
        Assert.Equal(Openssl.Mac("HMAC", data, "-digest SHA384", $"hexkey:{Convert.ToHexString(key)}"),
            rig.Driver.MacStateless(VIRTIO_CRYPTO_MAC_HMAC_SHA_384, key, data, 48).Output);
        Assert.Equal(0, rig.Backend.SessionCount);
        if (!Rig.Remote)
        {
            // Counted where the request runs: in the back-end process when the rig is a vhost-user one.
            Assert.Equal(1, rig.Backend.Statistics[Backend.CryptodevStat.HashOps]);
            Assert.Equal(777, rig.Backend.Statistics[Backend.CryptodevStat.MacBytes]);
        }
    }
}
