using Qcrypto.Cryptodev.Tests.Support;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoAeadAlgo;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Tests;

/// <summary>
/// AEAD against OpenSSL through python3-cryptography (`openssl enc` refuses AEAD ciphers), both
/// directions, many sizes; a flipped bit anywhere gives BADMSG and no plaintext.
/// </summary>
public class AeadInteropTests
{
    private static readonly int[] Sizes = [0, 1, 15, 16, 17, 100, 511, 512, 513, 4096, 20000];

    [Theory]
    [InlineData(VIRTIO_CRYPTO_AEAD_GCM, 16, 16, 12)]
    [InlineData(VIRTIO_CRYPTO_AEAD_GCM, 24, 16, 12)]
    [InlineData(VIRTIO_CRYPTO_AEAD_GCM, 32, 16, 12)]
    [InlineData(VIRTIO_CRYPTO_AEAD_GCM, 32, 12, 12)]
    [InlineData(VIRTIO_CRYPTO_AEAD_GCM, 32, 8, 12)]
    [InlineData(VIRTIO_CRYPTO_AEAD_GCM, 16, 4, 12)]
    [InlineData(VIRTIO_CRYPTO_AEAD_CCM, 16, 16, 13)]
    [InlineData(VIRTIO_CRYPTO_AEAD_CCM, 32, 8, 7)]
    [InlineData(VIRTIO_CRYPTO_AEAD_CCM, 24, 4, 12)]
    [InlineData(VIRTIO_CRYPTO_AEAD_CHACHA20_POLY1305, 32, 16, 12)]
    public void MatchesOpenssl(VirtioCryptoAeadAlgo algo, int keyLength, int tagLength, int ivLength)
    {
        using var rig = new Rig();
        var kind = algo switch { VIRTIO_CRYPTO_AEAD_GCM => "gcm", VIRTIO_CRYPTO_AEAD_CCM => "ccm", _ => "chacha" };
        var key = Bytes.Random(keyLength);
        var (s1, enc) = rig.Driver.CreateAeadSession(algo, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, key, (uint)tagLength);
        var (s2, dec) = rig.Driver.CreateAeadSession(algo, VirtioCryptoOp.VIRTIO_CRYPTO_OP_DECRYPT, key, (uint)tagLength);
        Assert.Equal(VIRTIO_CRYPTO_OK, s1);
        Assert.Equal(VIRTIO_CRYPTO_OK, s2);

        List<PyOpenssl.Op> ops = [];
        List<(byte[] Iv, byte[] Aad, byte[] Plain, byte[] Ours, byte[] Other)> cases = [];
        foreach (var size in Sizes)
        {
            var iv = Bytes.Random(ivLength);
            var aad = Bytes.Random(size % 3 == 0 ? 0 : 20);
            var plain = Bytes.Random(size);
            var ours = rig.Driver.Aead(enc, true, iv, aad, plain, size + tagLength);
            Assert.Equal(VIRTIO_CRYPTO_OK, ours.Status);
            Assert.Equal((uint)(size + tagLength + 1), ours.Raw.UsedLength);
            var other = Bytes.Random(size);
            cases.Add((iv, aad, plain, ours.Output, other));
            ops.Add(new PyOpenssl.Op(kind, true, key, iv, plain, aad, tagLength));
            if (algo != VIRTIO_CRYPTO_AEAD_GCM || tagLength == 16)
            {
                ops.Add(new PyOpenssl.Op(kind, false, key, iv, ours.Output, aad, tagLength));
            }

            ops.Add(new PyOpenssl.Op(kind, true, key, iv, other, aad, tagLength));
        }

        var results = PyOpenssl.Run(ops);
        var r = 0;
        foreach (var (iv, aad, plain, ours, other) in cases)
        {
            Assert.Equal(Convert.ToHexString(results[r++]!), Convert.ToHexString(ours));
            if (algo != VIRTIO_CRYPTO_AEAD_GCM || tagLength == 16)
            {
                Assert.Equal(plain, results[r++]);
            }

            var fromOpenssl = results[r++]!;
            var back = rig.Driver.Aead(dec, false, iv, aad, fromOpenssl, other.Length);
            Assert.Equal(VIRTIO_CRYPTO_OK, back.Status);
            Assert.Equal(other, back.Output);

            // Any flipped bit: BADMSG and nothing written but the status.
            var forged = (byte[])fromOpenssl.Clone();
            forged[Random.Shared.Next(forged.Length)] ^= 0x10;
            var refused = rig.Driver.Aead(dec, false, iv, aad, forged, other.Length);
            Assert.Equal(VIRTIO_CRYPTO_BADMSG, refused.Status);
            Assert.Equal(1u, refused.Raw.UsedLength);
        }
    }

    /// <summary>A 16-byte IV is J0 itself (the spec): J0 = IV || 0x00000001 must equal the 12-byte IV's result.</summary>
    [Fact]
    public void GcmSixteenByteIvIsJ0()
    {
        using var rig = new Rig();
        var key = Bytes.Random(32);
        var (_, enc) = rig.Driver.CreateAeadSession(VIRTIO_CRYPTO_AEAD_GCM, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, key, 16);
        var (_, dec) = rig.Driver.CreateAeadSession(VIRTIO_CRYPTO_AEAD_GCM, VirtioCryptoOp.VIRTIO_CRYPTO_OP_DECRYPT, key, 16);
        foreach (var size in new[] { 0, 33, 5000 })
        {
            var iv = Bytes.Random(12);
            var aad = Bytes.Random(7);
            var plain = Bytes.Random(size);
            var expected = PyOpenssl.Run([new PyOpenssl.Op("gcm", true, key, iv, plain, aad)])[0]!;
            byte[] j0 = [.. iv, 0, 0, 0, 1];
            var ours = rig.Driver.Aead(enc, true, j0, aad, plain, size + 16);
            Assert.Equal(expected, ours.Output);
            Assert.Equal(plain, rig.Driver.Aead(dec, false, j0, aad, expected, size).Output);
        }
    }

    [Fact]
    public void StatelessAeadMatchesOpenssl()
    {
        using var rig = new Rig(features: Rig.All);
        rig.Driver.DataFlag = 0;
        var key = Bytes.Random(32);
        var iv = Bytes.Random(12);
        var aad = Bytes.Random(9);
        var plain = Bytes.Random(300);
        var expected = PyOpenssl.Run([new PyOpenssl.Op("chacha", true, key, iv, plain, aad)])[0]!;
        var ours = rig.Driver.AeadStateless(VIRTIO_CRYPTO_AEAD_CHACHA20_POLY1305, true, key, iv, aad, plain, 316, 16);
        Assert.Equal(VIRTIO_CRYPTO_OK, ours.Status);
        Assert.Equal(expected, ours.Output);
        Assert.Equal(plain, rig.Driver.AeadStateless(VIRTIO_CRYPTO_AEAD_CHACHA20_POLY1305, false, key, iv, aad, expected, 300, 16).Output);
    }

    [Fact]
    public void DirectionAndTagLengthMustMatchTheSession()
    {
        using var rig = new Rig();
        var key = Bytes.Random(16);
        var (_, enc) = rig.Driver.CreateAeadSession(VIRTIO_CRYPTO_AEAD_GCM, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, key, 16);
        Assert.Equal(VIRTIO_CRYPTO_ERR, rig.Driver.Aead(enc, false, Bytes.Random(12), [], Bytes.Random(32), 16).Status);
        Assert.Equal(VIRTIO_CRYPTO_ERR, rig.Driver.Aead(enc, true, Bytes.Random(12), [], Bytes.Random(16), 32, tagLength: 12).Status);

        // dst shorter than ciphertext + tag.
        Assert.Equal(VIRTIO_CRYPTO_ERR, rig.Driver.Aead(enc, true, Bytes.Random(12), [], Bytes.Random(16), 31).Status);

        // Tag lengths GCM does not define; ChaCha20-Poly1305 only has 16; CCM tags are even.
        Assert.Equal(VIRTIO_CRYPTO_ERR, rig.Driver.CreateAeadSession(VIRTIO_CRYPTO_AEAD_GCM, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, key, 10).Status);
        Assert.Equal(VIRTIO_CRYPTO_ERR, rig.Driver.CreateAeadSession(VIRTIO_CRYPTO_AEAD_CHACHA20_POLY1305, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, Bytes.Random(32), 12).Status);
        Assert.Equal(VIRTIO_CRYPTO_ERR, rig.Driver.CreateAeadSession(VIRTIO_CRYPTO_AEAD_CCM, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, key, 7).Status);
    }
}
