using System.Security.Cryptography;
using Qcrypto.Cryptodev.Tests.Support;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoOpcode;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Tests;

/// <summary>
/// A request that fails writes nothing but its status byte: dst keeps what the guest had there (QEMU
/// copies results out only for VIRTIO_CRYPTO_OK). Before: an AEAD decrypt with a bad tag zero-filled
/// dst on the OpenSSL paths, and a failed chained request left a copy of src in dst.
/// </summary>
public class FailedRequestTests
{
    public static TheoryData<VirtioCryptoAeadAlgo, int, int, int> AeadCases => new()
    {
        { VirtioCryptoAeadAlgo.VIRTIO_CRYPTO_AEAD_GCM, 16, 16, 64 },     // our GCM: checks the tag first
        { VirtioCryptoAeadAlgo.VIRTIO_CRYPTO_AEAD_GCM, 32, 16, 4096 },   // OpenSSL's: decrypts, then checks
        { VirtioCryptoAeadAlgo.VIRTIO_CRYPTO_AEAD_GCM, 32, 8, 4096 },    // short tag: ours again
        { VirtioCryptoAeadAlgo.VIRTIO_CRYPTO_AEAD_CCM, 16, 16, 100 },
        { VirtioCryptoAeadAlgo.VIRTIO_CRYPTO_AEAD_CHACHA20_POLY1305, 32, 16, 1000 },
    };

    [Theory]
    [MemberData(nameof(AeadCases))]
    public void AeadDecryptWithABadTagWritesNothing(VirtioCryptoAeadAlgo algo, int keyLength, int tagLength, int size)
    {
        using var rig = new Rig();
        var key = Bytes.Random(keyLength);
        var (s1, enc) = rig.Driver.CreateAeadSession(algo, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, key, (uint)tagLength);
        var (s2, dec) = rig.Driver.CreateAeadSession(algo, VirtioCryptoOp.VIRTIO_CRYPTO_OP_DECRYPT, key, (uint)tagLength);
        Assert.Equal((VIRTIO_CRYPTO_OK, VIRTIO_CRYPTO_OK), (s1, s2));
        var iv = Bytes.Random(12);
        var aad = Bytes.Random(20);
        var plain = Bytes.Random(size);
        var sealedData = rig.Driver.Aead(enc, true, iv, aad, plain, size + tagLength);
        Assert.Equal(VIRTIO_CRYPTO_OK, sealedData.Status);

        byte[] Fixed() => Raw.Fixed(rig, VIRTIO_CRYPTO_AEAD_DECRYPT, dec,
            (ref WireWriter w) => new AeadDataFlf((uint)iv.Length, (uint)aad.Length, (uint)(size + tagLength), (uint)size, 0).Write(ref w), AeadDataFlf.Size);

        var forged = sealedData.Output.ToArray();
        forged[^1] ^= 1;
        var (r, written) = Raw.Data(rig, [Fixed(), iv, forged, aad], size, 1);
        Assert.Equal(VIRTIO_CRYPTO_BADMSG, r.Status);
        Assert.Null(r.DeviceError);
        Assert.Equal(1u, r.UsedLength);
        Assert.True(Raw.Untouched(written[0]), "dst was written for a request that failed");
        Assert.Equal((byte)VIRTIO_CRYPTO_BADMSG, written[1][0]);

        // The genuine one decrypts in the same layout.
        (r, written) = Raw.Data(rig, [Fixed(), iv, sealedData.Output, aad], size, 1);
        Assert.Equal(VIRTIO_CRYPTO_OK, r.Status);
        Assert.Equal(plain, written[0]);
    }

    [Fact]
    public void FailedChainedRequestWritesNothing()
    {
        using var rig = new Rig();
        var (status, chain) = rig.Driver.CreateChainSession(VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CBC, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, Bytes.Random(16),
            VirtioCryptoChainOrder.VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_HASH_THEN_CIPHER, VirtioCryptoHashMode.VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH,
            (uint)VirtioCryptoMacAlgo.VIRTIO_CRYPTO_MAC_HMAC_SHA_256, 32, Bytes.Random(32));
        Assert.Equal(VIRTIO_CRYPTO_OK, status);

        // HMAC first (succeeds), then CBC of 33 bytes (fails): neither the copy of src nor the MAC may land.
        var fixedPart = Raw.Fixed(rig, VIRTIO_CRYPTO_CIPHER_ENCRYPT, chain, (ref WireWriter w) => new SymDataFlf(VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING, default,
            new AlgChainDataFlf(16, 33, 33, 0, 33, 0, 33, 0, 32)).Write(ref w), SymDataFlf.Size);
        var (r, written) = Raw.Data(rig, [fixedPart, Bytes.Random(16), Bytes.Random(33)], 33, 32, 1);
        Assert.Equal(VIRTIO_CRYPTO_ERR, r.Status);
        Assert.Null(r.DeviceError);
        Assert.True(Raw.Untouched(written[0]) && Raw.Untouched(written[1]));
    }

    [Fact]
    public void FailedRsaDecryptionWritesNothing()
    {
        using var rig = new Rig();
        using var rsa = RSA.Create(2048);
        var (status, session) = rig.Driver.CreateAkcipherSession(VirtioCryptoAkcipherAlgo.VIRTIO_CRYPTO_AKCIPHER_RSA, VirtioCryptoAkcipherKeyType.VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE,
            AkcipherPara.Rsa(VirtioCryptoRsaPadding.VIRTIO_CRYPTO_RSA_PKCS1_PADDING, VirtioCryptoRsaHash.VIRTIO_CRYPTO_RSA_NO_HASH), rsa.ExportRSAPrivateKey());
        Assert.Equal(VIRTIO_CRYPTO_OK, status);
        var fixedPart = Raw.Fixed(rig, VIRTIO_CRYPTO_AKCIPHER_DECRYPT, session, (ref WireWriter w) => new AkcipherDataFlf(256, 256).Write(ref w), AkcipherDataFlf.Size);
        var (r, written) = Raw.Data(rig, [fixedPart, Bytes.Random(256)], 256, 1);
        Assert.NotEqual(VIRTIO_CRYPTO_OK, r.Status);
        Assert.True(Raw.Untouched(written[0]));
    }
}
