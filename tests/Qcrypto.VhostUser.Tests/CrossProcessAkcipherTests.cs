using System.Text;
using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.Driver;
using Qcrypto.Cryptodev.Tests.Support;
using Qcrypto.Cryptodev.Wire;
using Qcrypto.Objects;
using Qcrypto.VhostUser.Tests.Support;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoOpcode;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.VhostUser.Tests;

/// <summary>
/// AKCIPHER through vhost-user across processes, against openssl. QEMU 8.1's session layout carries
/// keys of at most 1024 bytes (VHOST_CRYPTO_ASYM_MAX_KEY_LEN): RSA private keys up to ~1600 bits,
/// public keys of any common size, ECDSA keys. Stateless requests carry their key in the request
/// itself, so an RSA-2048 private key works that way.
/// </summary>
public sealed class CrossProcessAkcipherTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("qcrypto-vu-akcipher-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string FilePath(string name) => Path.Combine(_dir, name);

    private (byte[] Private, byte[] Public) RsaKey(int bits)
    {
        Openssl.Run("genpkey", "-algorithm", "RSA", "-pkeyopt", $"rsa_keygen_bits:{bits}", "-out", FilePath("rsa.pem"));
        Openssl.Run("rsa", "-in", FilePath("rsa.pem"), "-traditional", "-outform", "DER", "-out", FilePath("rsa.der"));
        Openssl.Run("rsa", "-in", FilePath("rsa.pem"), "-RSAPublicKey_out", "-outform", "DER", "-out", FilePath("rsapub.der"));
        Openssl.Run("rsa", "-in", FilePath("rsa.pem"), "-pubout", "-out", FilePath("rsapub.pem"));
        return (File.ReadAllBytes(FilePath("rsa.der")), File.ReadAllBytes(FilePath("rsapub.der")));
    }

    private static (VirtioCryptoStatus, ulong) Session(VirtioCryptoDriver driver, VirtioCryptoAkcipherKeyType type, AkcipherPara para, byte[] key) =>
        driver.CreateAkcipherSession(VirtioCryptoAkcipherAlgo.VIRTIO_CRYPTO_AKCIPHER_RSA, type, para, key);

    [Fact]
    public void Rsa1024SignsDecryptsAndVerifiesWithOpenssl()
    {
        using var rig = new Rig();
        var (priv, pub) = RsaKey(1024);
        Assert.True(priv.Length <= 1024);
        var pkcs1 = AkcipherPara.Rsa(VirtioCryptoRsaPadding.VIRTIO_CRYPTO_RSA_PKCS1_PADDING, VirtioCryptoRsaHash.VIRTIO_CRYPTO_RSA_SHA256);
        var (s1, privSession) = Session(rig.Driver, VirtioCryptoAkcipherKeyType.VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE, pkcs1, priv);
        var (s2, pubSession) = Session(rig.Driver, VirtioCryptoAkcipherKeyType.VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PUBLIC, pkcs1, pub);
        Assert.Equal(VIRTIO_CRYPTO_OK, s1);
        Assert.Equal(VIRTIO_CRYPTO_OK, s2);

        var digest = Bytes.Random(32);
        var ours = rig.Driver.Akcipher(VIRTIO_CRYPTO_AKCIPHER_SIGN, privSession, digest, 128);
        Assert.Equal(VIRTIO_CRYPTO_OK, ours.Status);
        var (_, theirs) = Openssl.Pkeyutl(digest, "-sign", "-inkey", FilePath("rsa.pem"), "-pkeyopt", "digest:sha256");
        Assert.Equal(theirs, ours.Output);
        Assert.Equal(VIRTIO_CRYPTO_OK, rig.Driver.Verify(pubSession, theirs, digest).Status);
        Assert.Equal(VIRTIO_CRYPTO_KEY_REJECTED, rig.Driver.Verify(pubSession, theirs, Bytes.Random(32)).Status);

        var plain = Bytes.Random(50);
        var (_, encrypted) = Openssl.Pkeyutl(plain, "-encrypt", "-pubin", "-inkey", FilePath("rsapub.pem"), "-pkeyopt", "rsa_padding_mode:pkcs1");
        var decrypted = rig.Driver.Akcipher(VIRTIO_CRYPTO_AKCIPHER_DECRYPT, privSession, encrypted, 128);
        Assert.Equal(VIRTIO_CRYPTO_OK, decrypted.Status);
        Assert.Equal(plain, decrypted.Output);
        Assert.Equal(51u, decrypted.Raw.UsedLength);
    }

    [Fact]
    public void Rsa2048PublicKeysTravelButPrivateOnesDoNotFitTheLayout()
    {
        using var rig = new Rig();
        var (priv, pub) = RsaKey(2048);
        var para = AkcipherPara.Rsa(VirtioCryptoRsaPadding.VIRTIO_CRYPTO_RSA_PKCS1_PADDING, VirtioCryptoRsaHash.VIRTIO_CRYPTO_RSA_NO_HASH);
        var (s1, pubSession) = Session(rig.Driver, VirtioCryptoAkcipherKeyType.VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PUBLIC, para, pub);
        Assert.Equal(VIRTIO_CRYPTO_OK, s1);
        var plain = Bytes.Random(100);
        var ours = rig.Driver.Akcipher(VIRTIO_CRYPTO_AKCIPHER_ENCRYPT, pubSession, plain, 256);
        Assert.Equal(VIRTIO_CRYPTO_OK, ours.Status);
        var (code, back) = Openssl.Pkeyutl(ours.Output, "-decrypt", "-inkey", FilePath("rsa.pem"), "-pkeyopt", "rsa_padding_mode:pkcs1");
        Assert.Equal(0, code);
        Assert.Equal(plain, back);

        // Over 1024 bytes of DER: more than VHOST_CRYPTO_ASYM_MAX_KEY_LEN; the device refuses it (ERR, over max key length).
        Assert.True(priv.Length > 1024);
        Assert.NotEqual(VIRTIO_CRYPTO_OK, Session(rig.Driver, VirtioCryptoAkcipherKeyType.VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE, para, priv).Item1);
    }

    [Fact]
    public void StatelessRsa2048SignatureVerifiesInOpenssl()
    {
        using var rig = new Rig(features: Rig.All);
        rig.Driver.DataFlag = 0;
        var (priv, _) = RsaKey(2048);
        var digest = Bytes.Random(32);
        var para = AkcipherPara.Rsa(VirtioCryptoRsaPadding.VIRTIO_CRYPTO_RSA_PKCS1_PADDING, VirtioCryptoRsaHash.VIRTIO_CRYPTO_RSA_SHA256);
        var ours = rig.Driver.AkcipherStateless(VIRTIO_CRYPTO_AKCIPHER_SIGN, VirtioCryptoAkcipherAlgo.VIRTIO_CRYPTO_AKCIPHER_RSA,
            VirtioCryptoAkcipherKeyType.VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE, para, priv, digest, 256);
        Assert.Equal(VIRTIO_CRYPTO_OK, ours.Status);
        var (_, theirs) = Openssl.Pkeyutl(digest, "-sign", "-inkey", FilePath("rsa.pem"), "-pkeyopt", "digest:sha256");
        Assert.Equal(theirs, ours.Output);
    }

    [Fact]
    public void EcdsaP256BothWays()
    {
        using var rig = new Rig();
        Openssl.Run("ecparam", "-name", "prime256v1", "-genkey", "-noout", "-outform", "DER", "-out", FilePath("ec.der"));
        Openssl.Run("ec", "-inform", "DER", "-in", FilePath("ec.der"), "-out", FilePath("ec.pem"));
        Openssl.Run("ec", "-inform", "DER", "-in", FilePath("ec.der"), "-pubout", "-outform", "DER", "-out", FilePath("ecpub.der"));
        Openssl.Run("ec", "-inform", "DER", "-in", FilePath("ec.der"), "-pubout", "-out", FilePath("ecpub.pem"));
        var point = File.ReadAllBytes(FilePath("ecpub.der"))[^65..];
        var para = AkcipherPara.Ecdsa(VirtioCryptoCurve.VIRTIO_CRYPTO_CURVE_NIST_P256);
        var (s1, privSession) = rig.Driver.CreateAkcipherSession(VirtioCryptoAkcipherAlgo.VIRTIO_CRYPTO_AKCIPHER_ECDSA, VirtioCryptoAkcipherKeyType.VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE, para, File.ReadAllBytes(FilePath("ec.der")));
        var (s2, pubSession) = rig.Driver.CreateAkcipherSession(VirtioCryptoAkcipherAlgo.VIRTIO_CRYPTO_AKCIPHER_ECDSA, VirtioCryptoAkcipherKeyType.VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PUBLIC, para, point);
        Assert.Equal(VIRTIO_CRYPTO_OK, s1);
        Assert.Equal(VIRTIO_CRYPTO_OK, s2);
        var digest = Bytes.Random(32);
        var ours = rig.Driver.Akcipher(VIRTIO_CRYPTO_AKCIPHER_SIGN, privSession, digest, 80);
        Assert.Equal(VIRTIO_CRYPTO_OK, ours.Status);
        File.WriteAllBytes(FilePath("sig"), ours.Output);
        var (code, text) = Openssl.Pkeyutl(digest, "-verify", "-pubin", "-inkey", FilePath("ecpub.pem"), "-sigfile", FilePath("sig"));
        Assert.Equal(0, code);
        Assert.Contains("Signature Verified Successfully", Encoding.ASCII.GetString(text));
        var (_, theirs) = Openssl.Pkeyutl(digest, "-sign", "-inkey", FilePath("ec.pem"));
        Assert.Equal(VIRTIO_CRYPTO_OK, rig.Driver.Verify(pubSession, theirs, digest).Status);
        Assert.Equal(VIRTIO_CRYPTO_KEY_REJECTED, rig.Driver.Verify(pubSession, theirs, Bytes.Random(32)).Status);
    }

    [Fact]
    public void Qemu72LayoutAdvertisesAndCarriesCipherSessionsOnly()
    {
        using var registry = new ObjectRegistry(Qcrypto.Composition.QcryptoCatalog.CreateLive());
        var backend = (CryptodevBackend)registry.Add($"cryptodev-vhost-user,id=cd72,chardev={SharedDaemon.Instance.SocketPath}");
        using var device = new VirtioCryptoDevice(backend);
        var driver = new VirtioCryptoDriver(device);
        Assert.Equal(1u << (int)VirtioCryptoService.VIRTIO_CRYPTO_SERVICE_CIPHER, device.Config.CryptoServices);
        Assert.Equal(VIRTIO_CRYPTO_NOTSUPP, driver.CreateHashSession(VirtioCryptoHashAlgo.VIRTIO_CRYPTO_HASH_SHA_256, 32).Status);
        var key = Bytes.Random(16);
        var (status, session) = driver.CreateCipherSession(VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CTR, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, key);
        Assert.Equal(VIRTIO_CRYPTO_OK, status);
        var iv = Bytes.Random(16);
        var plain = Bytes.Random(1000);
        Assert.Equal(Openssl.Enc("aes-128-ctr", true, key, iv, plain), driver.Cipher(session, true, iv, plain).Output);
        Assert.Equal(VIRTIO_CRYPTO_OK, driver.DestroySession(session));
        Assert.Equal(VIRTIO_CRYPTO_ERR, driver.DestroySession(session));
    }
}
