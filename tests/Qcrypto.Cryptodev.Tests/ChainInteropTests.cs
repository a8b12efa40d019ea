using Qcrypto.Cryptodev.Tests.Support;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoCipherAlgo;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Tests;

/// <summary>
/// Algorithm chaining against openssl enc + openssl mac/dgst: cipher then HMAC (encrypt-then-MAC
/// over the ciphertext region), HMAC then cipher (MAC over the input, then decrypt), plain hashes;
/// bytes outside the cipher region pass through unchanged; the AAD is hashed first.
/// </summary>
public class ChainInteropTests
{
    [Fact]
    public void CipherThenHmacMatchesOpenssl()
    {
        using var rig = new Rig();
        var key = Bytes.Random(32);
        var authKey = Bytes.Random(64);
        var (status, session) = rig.Driver.CreateChainSession(VIRTIO_CRYPTO_CIPHER_AES_CBC, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, key,
            VirtioCryptoChainOrder.VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_CIPHER_THEN_HASH, VirtioCryptoHashMode.VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH,
            (uint)VirtioCryptoMacAlgo.VIRTIO_CRYPTO_MAC_HMAC_SHA_256, 32, authKey);
        Assert.Equal(VIRTIO_CRYPTO_OK, status);

        // An 8-byte header left in the clear, 64 bytes encrypted, the MAC over header and ciphertext.
        var iv = Bytes.Random(16);
        var src = Bytes.Random(72);
        var aad = Bytes.Random(13);
        var r = rig.Driver.Chain(session, true, iv, src, aad, cipherStart: 8, lenToCipher: 64, hashStart: 0, lenToHash: 72, resultLength: 32);
        Assert.Equal(VIRTIO_CRYPTO_OK, r.Status);
        var ciphertext = Openssl.Enc("aes-256-cbc", true, key, iv, src[8..]);
        Assert.Equal(src[..8], r.Outputs[0][..8]);
        Assert.Equal(ciphertext, r.Outputs[0][8..]);
        var expectedMac = Openssl.Mac("HMAC", [.. aad, .. r.Outputs[0]], "-digest SHA256", $"hexkey:{Convert.ToHexString(authKey)}");
        Assert.Equal(expectedMac, r.Outputs[1]);
        Assert.Equal((uint)(72 + 32 + 1), r.Raw.UsedLength);
    }

    [Fact]
    public void HmacThenDecryptMatchesOpenssl()
    {
        using var rig = new Rig();
        var key = Bytes.Random(16);
        var authKey = Bytes.Random(20);
        var (status, session) = rig.Driver.CreateChainSession(VIRTIO_CRYPTO_CIPHER_AES_CTR, VirtioCryptoOp.VIRTIO_CRYPTO_OP_DECRYPT, key,
            VirtioCryptoChainOrder.VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_HASH_THEN_CIPHER, VirtioCryptoHashMode.VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH,
            (uint)VirtioCryptoMacAlgo.VIRTIO_CRYPTO_MAC_HMAC_SHA1, 20, authKey);
        Assert.Equal(VIRTIO_CRYPTO_OK, status);
        var iv = Bytes.Random(16);
        var plain = Bytes.Random(100);
        var ciphertext = Openssl.Enc("aes-128-ctr", true, key, iv, plain);
        var r = rig.Driver.Chain(session, false, iv, ciphertext, [], 0, 100, 0, 100, 20);
        Assert.Equal(VIRTIO_CRYPTO_OK, r.Status);
        Assert.Equal(plain, r.Outputs[0]);
        Assert.Equal(Openssl.Mac("HMAC", ciphertext, "-digest SHA1", $"hexkey:{Convert.ToHexString(authKey)}"), r.Outputs[1]);
    }

    [Fact]
    public void CipherThenPlainHashMatchesOpenssl()
    {
        using var rig = new Rig();
        var key = Bytes.Random(24);
        var (status, session) = rig.Driver.CreateChainSession(VIRTIO_CRYPTO_CIPHER_3DES_CBC, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, key,
            VirtioCryptoChainOrder.VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_CIPHER_THEN_HASH, VirtioCryptoHashMode.VIRTIO_CRYPTO_SYM_HASH_MODE_PLAIN,
            (uint)VirtioCryptoHashAlgo.VIRTIO_CRYPTO_HASH_SHA_512, 64, []);
        Assert.Equal(VIRTIO_CRYPTO_OK, status);
        var iv = Bytes.Random(8);
        var src = Bytes.Random(48);
        var r = rig.Driver.Chain(session, true, iv, src, [], 0, 48, 16, 32, 64);
        Assert.Equal(VIRTIO_CRYPTO_OK, r.Status);
        Assert.Equal(Openssl.Enc("des-ede3-cbc", true, key, iv, src), r.Outputs[0]);
        Assert.Equal(Openssl.Dgst("sha512", r.Outputs[0][16..]), r.Outputs[1]);
    }

    [Fact]
    public void StatelessChainMatchesOpenssl()
    {
        using var rig = new Rig(features: Rig.All);
        rig.Driver.DataFlag = 0;
        var key = Bytes.Random(16);
        var authKey = Bytes.Random(32);
        var iv = Bytes.Random(16);
        var src = Bytes.Random(32);
        var aad = Bytes.Random(5);
        var data = new AlgChainDataFlf(16, 32, 32, 0, 32, 0, 32, 5, 32);
        var flf = new SymDataFlfStateless(VirtioCryptoSymOp.VIRTIO_CRYPTO_SYM_OP_ALGORITHM_CHAINING, default,
            new AlgChainDataFlfStateless(VirtioCryptoChainOrder.VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_CIPHER_THEN_HASH, 5, VIRTIO_CRYPTO_CIPHER_AES_CBC, 16,
                VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, (uint)VirtioCryptoMacAlgo.VIRTIO_CRYPTO_MAC_HMAC_SHA_256, 32, VirtioCryptoHashMode.VIRTIO_CRYPTO_SYM_HASH_MODE_AUTH, data));
        var r = rig.Driver.Data(new OpHeader(VirtioCryptoOpcode.VIRTIO_CRYPTO_CIPHER_ENCRYPT, 0, 0, 0), (ref WireWriter w) => flf.Write(ref w),
            SymDataFlfStateless.Size, [key, authKey, iv, aad, src], [32, 32], stateless: true);
        Assert.Equal(VIRTIO_CRYPTO_OK, r.Status);
        Assert.Equal(Openssl.Enc("aes-128-cbc", true, key, iv, src), r.Outputs[0]);
        Assert.Equal(Openssl.Mac("HMAC", [.. aad, .. r.Outputs[0]], "-digest SHA256", $"hexkey:{Convert.ToHexString(authKey)}"), r.Outputs[1]);
    }

    [Fact]
    public void RegionsOutsideTheSourceAndNestedModeAreRefused()
    {
        using var rig = new Rig();
        var (_, session) = rig.Driver.CreateChainSession(VIRTIO_CRYPTO_CIPHER_AES_CBC, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, Bytes.Random(16),
            VirtioCryptoChainOrder.VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_CIPHER_THEN_HASH, VirtioCryptoHashMode.VIRTIO_CRYPTO_SYM_HASH_MODE_PLAIN,
            (uint)VirtioCryptoHashAlgo.VIRTIO_CRYPTO_HASH_SHA_256, 32, []);
        Assert.Equal(VIRTIO_CRYPTO_ERR, rig.Driver.Chain(session, true, Bytes.Random(16), Bytes.Random(32), [], 16, 32, 0, 32, 32).Status);
        Assert.Equal(VIRTIO_CRYPTO_ERR, rig.Driver.Chain(session, true, Bytes.Random(16), Bytes.Random(32), [], 0, 32, uint.MaxValue, 2, 32).Status);
        Assert.Equal(VIRTIO_CRYPTO_ERR, rig.Driver.Chain(session, true, Bytes.Random(16), Bytes.Random(32), [], 0, 32, 0, 32, 20).Status);
        Assert.Equal(VIRTIO_CRYPTO_NOTSUPP, rig.Driver.CreateChainSession(VIRTIO_CRYPTO_CIPHER_AES_CBC, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, Bytes.Random(16),
            VirtioCryptoChainOrder.VIRTIO_CRYPTO_SYM_ALG_CHAIN_ORDER_CIPHER_THEN_HASH, VirtioCryptoHashMode.VIRTIO_CRYPTO_SYM_HASH_MODE_NESTED,
            (uint)VirtioCryptoHashAlgo.VIRTIO_CRYPTO_HASH_SHA_256, 32, []).Status);
    }
}
