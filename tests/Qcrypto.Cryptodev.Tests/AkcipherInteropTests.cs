using System.Text;
using Qcrypto.Cryptodev.Tests.Support;
using Qcrypto.Cryptodev.Wire;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoOpcode;
using static Qcrypto.Cryptodev.Wire.VirtioCryptoStatus;

namespace Qcrypto.Cryptodev.Tests;

/// <summary>
/// RSA and ECDSA against `openssl pkeyutl` with keys openssl generated: our ciphertexts decrypt in
/// openssl and openssl's in ours; our signatures verify in openssl (and PKCS#1 v1.5 ones are
/// byte-identical, being deterministic) and openssl's verify with us; a bad one is KEY_REJECTED.
/// </summary>
public class AkcipherInteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("qcrypto-akcipher-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string FilePath(string name) => Path.Combine(_dir, name);

    private (byte[] PrivateDer, byte[] PublicDer) RsaKey(int bits)
    {
        Openssl.Run("genpkey", "-algorithm", "RSA", "-pkeyopt", $"rsa_keygen_bits:{bits}", "-out", FilePath("rsa.pem"));
        Openssl.Run("rsa", "-in", FilePath("rsa.pem"), "-traditional", "-outform", "DER", "-out", FilePath("rsa.der"));
        Openssl.Run("rsa", "-in", FilePath("rsa.pem"), "-RSAPublicKey_out", "-outform", "DER", "-out", FilePath("rsapub.der"));
        Openssl.Run("rsa", "-in", FilePath("rsa.pem"), "-pubout", "-out", FilePath("rsapub.pem"));
        return (File.ReadAllBytes(FilePath("rsa.der")), File.ReadAllBytes(FilePath("rsapub.der")));
    }

    [Fact]
    public void RsaPkcs1EncryptionBothWays()
    {
        using var rig = new Rig();
        var (priv, pub) = RsaKey(2048);
        var para = AkcipherPara.Rsa(VirtioCryptoRsaPadding.VIRTIO_CRYPTO_RSA_PKCS1_PADDING, VirtioCryptoRsaHash.VIRTIO_CRYPTO_RSA_NO_HASH);
        var (s1, pubSession) = rig.Driver.CreateAkcipherSession(VirtioCryptoAkcipherAlgo.VIRTIO_CRYPTO_AKCIPHER_RSA, VirtioCryptoAkcipherKeyType.VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PUBLIC, para, pub);
        var (s2, privSession) = rig.Driver.CreateAkcipherSession(VirtioCryptoAkcipherAlgo.VIRTIO_CRYPTO_AKCIPHER_RSA, VirtioCryptoAkcipherKeyType.VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE, para, priv);
        Assert.Equal(VIRTIO_CRYPTO_OK, s1);
        Assert.Equal(VIRTIO_CRYPTO_OK, s2);
        foreach (var size in new[] { 0, 1, 100, 245 })
        {
            var plain = Bytes.Random(size);
            var ours = rig.Driver.Akcipher(VIRTIO_CRYPTO_AKCIPHER_ENCRYPT, pubSession, plain, 256);
            Assert.Equal(VIRTIO_CRYPTO_OK, ours.Status);
            Assert.Equal(256, ours.Output.Length);
            var (code, decrypted) = Openssl.Pkeyutl(ours.Output, "-decrypt", "-inkey", FilePath("rsa.pem"), "-pkeyopt", "rsa_padding_mode:pkcs1");
            Assert.Equal(0, code);
            Assert.Equal(plain, decrypted);

            var (code2, theirs) = Openssl.Pkeyutl(plain, "-encrypt", "-pubin", "-inkey", FilePath("rsapub.pem"), "-pkeyopt", "rsa_padding_mode:pkcs1");
            Assert.Equal(0, code2);
            var back = rig.Driver.Akcipher(VIRTIO_CRYPTO_AKCIPHER_DECRYPT, privSession, theirs, 256);
            Assert.Equal(VIRTIO_CRYPTO_OK, back.Status);
            Assert.Equal(plain, back.Output);
            Assert.Equal((uint)size + 1, back.Raw.UsedLength);
        }

        // Too long for PKCS#1 v1.5 with a 2048-bit key; a public key cannot decrypt; dst too small.
        Assert.Equal(VIRTIO_CRYPTO_ERR, rig.Driver.Akcipher(VIRTIO_CRYPTO_AKCIPHER_ENCRYPT, pubSession, Bytes.Random(246), 256).Status);
        Assert.Equal(VIRTIO_CRYPTO_ERR, rig.Driver.Akcipher(VIRTIO_CRYPTO_AKCIPHER_DECRYPT, pubSession, Bytes.Random(256), 256).Status);
        Assert.Equal(VIRTIO_CRYPTO_ERR, rig.Driver.Akcipher(VIRTIO_CRYPTO_AKCIPHER_ENCRYPT, pubSession, Bytes.Random(10), 255).Status);

        // A raw-padding session refuses to sign (the spec: MUST NOT).
        var raw = AkcipherPara.Rsa(VirtioCryptoRsaPadding.VIRTIO_CRYPTO_RSA_RAW_PADDING, VirtioCryptoRsaHash.VIRTIO_CRYPTO_RSA_NO_HASH);
        var (_, rawSession) = rig.Driver.CreateAkcipherSession(VirtioCryptoAkcipherAlgo.VIRTIO_CRYPTO_AKCIPHER_RSA, VirtioCryptoAkcipherKeyType.VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE, raw, priv);
        Assert.Equal(VIRTIO_CRYPTO_NOTSUPP, rig.Driver.Akcipher(VIRTIO_CRYPTO_AKCIPHER_SIGN, rawSession, Bytes.Random(32), 256).Status);
    }

    [Fact]
    public void RsaRawBothWays()
    {
        using var rig = new Rig();
        var (priv, pub) = RsaKey(2048);
        var para = AkcipherPara.Rsa(VirtioCryptoRsaPadding.VIRTIO_CRYPTO_RSA_RAW_PADDING, VirtioCryptoRsaHash.VIRTIO_CRYPTO_RSA_NO_HASH);
        var (_, pubSession) = rig.Driver.CreateAkcipherSession(VirtioCryptoAkcipherAlgo.VIRTIO_CRYPTO_AKCIPHER_RSA, VirtioCryptoAkcipherKeyType.VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PUBLIC, para, pub);
        var (_, privSession) = rig.Driver.CreateAkcipherSession(VirtioCryptoAkcipherAlgo.VIRTIO_CRYPTO_AKCIPHER_RSA, VirtioCryptoAkcipherKeyType.VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE, para, priv);
        for (var i = 0; i < 3; i++)
        {
            // A value below the modulus: a leading zero byte guarantees it.
            var plain = Bytes.Random(256);
            plain[0] = 0;
            var ours = rig.Driver.Akcipher(VIRTIO_CRYPTO_AKCIPHER_ENCRYPT, pubSession, plain, 256);
            Assert.Equal(VIRTIO_CRYPTO_OK, ours.Status);
            var (code, decrypted) = Openssl.Pkeyutl(ours.Output, "-decrypt", "-inkey", FilePath("rsa.pem"), "-pkeyopt", "rsa_padding_mode:none");
            Assert.Equal(0, code);
            Assert.Equal(plain, decrypted);
            var (_, theirs) = Openssl.Pkeyutl(plain, "-encrypt", "-pubin", "-inkey", FilePath("rsapub.pem"), "-pkeyopt", "rsa_padding_mode:none");
            Assert.Equal(theirs, ours.Output);
            Assert.Equal(plain, rig.Driver.Akcipher(VIRTIO_CRYPTO_AKCIPHER_DECRYPT, privSession, theirs, 256).Output);
        }

        // Shorter input is left-padded with zeros (the spec); a value not below the modulus is ERR.
        var shortInput = Bytes.Random(20);
        var padded = rig.Driver.Akcipher(VIRTIO_CRYPTO_AKCIPHER_ENCRYPT, pubSession, shortInput, 256);
        Assert.Equal([.. new byte[236], .. shortInput], rig.Driver.Akcipher(VIRTIO_CRYPTO_AKCIPHER_DECRYPT, privSession, padded.Output, 256).Output);
        Assert.Equal(VIRTIO_CRYPTO_ERR, rig.Driver.Akcipher(VIRTIO_CRYPTO_AKCIPHER_ENCRYPT, pubSession, Enumerable.Repeat((byte)0xFF, 256).ToArray(), 256).Status);
    }

    [Theory]
    [InlineData(VirtioCryptoRsaHash.VIRTIO_CRYPTO_RSA_MD5, "md5", 16)]
    [InlineData(VirtioCryptoRsaHash.VIRTIO_CRYPTO_RSA_SHA1, "sha1", 20)]
    [InlineData(VirtioCryptoRsaHash.VIRTIO_CRYPTO_RSA_SHA224, "sha224", 28)]
    [InlineData(VirtioCryptoRsaHash.VIRTIO_CRYPTO_RSA_SHA256, "sha256", 32)]
    [InlineData(VirtioCryptoRsaHash.VIRTIO_CRYPTO_RSA_SHA384, "sha384", 48)]
    [InlineData(VirtioCryptoRsaHash.VIRTIO_CRYPTO_RSA_SHA512, "sha512", 64)]
    [InlineData(VirtioCryptoRsaHash.VIRTIO_CRYPTO_RSA_NO_HASH, null, 36)]
    public void RsaPkcs1SignaturesBothWays(VirtioCryptoRsaHash hash, string? digest, int digestLength)
    {
        using var rig = new Rig();
        var (priv, pub) = RsaKey(2048);
        var para = AkcipherPara.Rsa(VirtioCryptoRsaPadding.VIRTIO_CRYPTO_RSA_PKCS1_PADDING, hash);
        var (s1, privSession) = rig.Driver.CreateAkcipherSession(VirtioCryptoAkcipherAlgo.VIRTIO_CRYPTO_AKCIPHER_RSA, VirtioCryptoAkcipherKeyType.VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE, para, priv);
        var (s2, pubSession) = rig.Driver.CreateAkcipherSession(VirtioCryptoAkcipherAlgo.VIRTIO_CRYPTO_AKCIPHER_RSA, VirtioCryptoAkcipherKeyType.VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PUBLIC, para, pub);
        Assert.Equal(VIRTIO_CRYPTO_OK, s1);
        Assert.Equal(VIRTIO_CRYPTO_OK, s2);
        string[] digestOption = digest is null ? [] : ["-pkeyopt", $"digest:{digest}"];
        var message = Bytes.Random(digestLength);
        var ours = rig.Driver.Akcipher(VIRTIO_CRYPTO_AKCIPHER_SIGN, privSession, message, 256);
        Assert.Equal(VIRTIO_CRYPTO_OK, ours.Status);
        var (code, theirs) = Openssl.Pkeyutl(message, ["-sign", "-inkey", FilePath("rsa.pem"), .. digestOption]);
        Assert.Equal(0, code);
        Assert.Equal(Convert.ToHexString(theirs), Convert.ToHexString(ours.Output));
        File.WriteAllBytes(FilePath("sig"), ours.Output);
        var (verifyCode, verifyText) = Openssl.Pkeyutl(message, ["-verify", "-pubin", "-inkey", FilePath("rsapub.pem"), "-sigfile", FilePath("sig"), .. digestOption]);
        Assert.Equal(0, verifyCode);
        Assert.Contains("Signature Verified Successfully", Encoding.ASCII.GetString(verifyText));

        Assert.Equal(VIRTIO_CRYPTO_OK, rig.Driver.Verify(pubSession, theirs, message).Status);
        var bad = (byte[])theirs.Clone();
        bad[100] ^= 1;
        Assert.Equal(VIRTIO_CRYPTO_KEY_REJECTED, rig.Driver.Verify(pubSession, bad, message).Status);
        Assert.Equal(VIRTIO_CRYPTO_KEY_REJECTED, rig.Driver.Verify(pubSession, theirs, Bytes.Random(digestLength)).Status);
    }

    [Theory]
    [InlineData(VirtioCryptoCurve.VIRTIO_CRYPTO_CURVE_NIST_P256, "prime256v1", 32)]
    [InlineData(VirtioCryptoCurve.VIRTIO_CRYPTO_CURVE_NIST_P384, "secp384r1", 48)]
    [InlineData(VirtioCryptoCurve.VIRTIO_CRYPTO_CURVE_NIST_P521, "secp521r1", 66)]
    public void EcdsaSignaturesBothWays(VirtioCryptoCurve curve, string name, int size)
    {
        using var rig = new Rig();
        Openssl.Run("ecparam", "-name", name, "-genkey", "-noout", "-outform", "DER", "-out", FilePath("ec.der"));
        Openssl.Run("ec", "-inform", "DER", "-in", FilePath("ec.der"), "-out", FilePath("ec.pem"));
        Openssl.Run("ec", "-inform", "DER", "-in", FilePath("ec.der"), "-pubout", "-outform", "DER", "-out", FilePath("ecpub.der"));
        Openssl.Run("ec", "-inform", "DER", "-in", FilePath("ec.der"), "-pubout", "-out", FilePath("ecpub.pem"));
        var priv = File.ReadAllBytes(FilePath("ec.der"));
        var spki = File.ReadAllBytes(FilePath("ecpub.der"));

        // The ECPoint value: the uncompressed point ending the SubjectPublicKeyInfo.
        var point = spki[^(1 + 2 * size)..];
        Assert.Equal(0x04, point[0]);
        var para = AkcipherPara.Ecdsa(curve);
        var (s1, privSession) = rig.Driver.CreateAkcipherSession(VirtioCryptoAkcipherAlgo.VIRTIO_CRYPTO_AKCIPHER_ECDSA, VirtioCryptoAkcipherKeyType.VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE, para, priv);
        var (s2, pubSession) = rig.Driver.CreateAkcipherSession(VirtioCryptoAkcipherAlgo.VIRTIO_CRYPTO_AKCIPHER_ECDSA, VirtioCryptoAkcipherKeyType.VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PUBLIC, para, point);
        Assert.Equal(VIRTIO_CRYPTO_OK, s1);
        Assert.Equal(VIRTIO_CRYPTO_OK, s2);
        // openssl pkeyutl takes at most 64 bytes ("looks too long to be a hash"), so P-521 gets a SHA-512-sized digest.
        foreach (var digest in new[] { Bytes.Random(32), Bytes.Random(Math.Min(size, 64)) })
        {
            var ours = rig.Driver.Akcipher(VIRTIO_CRYPTO_AKCIPHER_SIGN, privSession, digest, 2 * size + 16);
            Assert.Equal(VIRTIO_CRYPTO_OK, ours.Status);
            File.WriteAllBytes(FilePath("sig"), ours.Output);
            var (code, text) = Openssl.Pkeyutl(digest, "-verify", "-pubin", "-inkey", FilePath("ecpub.pem"), "-sigfile", FilePath("sig"));
            Assert.Equal(0, code);
            Assert.Contains("Signature Verified Successfully", Encoding.ASCII.GetString(text));

            var (signCode, theirs) = Openssl.Pkeyutl(digest, "-sign", "-inkey", FilePath("ec.pem"));
            Assert.Equal(0, signCode);
            Assert.Equal(VIRTIO_CRYPTO_OK, rig.Driver.Verify(pubSession, theirs, digest).Status);
            Assert.Equal(VIRTIO_CRYPTO_OK, rig.Driver.Verify(privSession, theirs, digest).Status);
            Assert.Equal(VIRTIO_CRYPTO_KEY_REJECTED, rig.Driver.Verify(pubSession, theirs, Bytes.Random(digest.Length)).Status);
            Assert.Equal(VIRTIO_CRYPTO_KEY_REJECTED, rig.Driver.Verify(pubSession, Bytes.Random(theirs.Length), digest).Status);
        }

        // ECDSA does not encrypt; a public key does not sign; a key for another curve is ERR.
        Assert.Equal(VIRTIO_CRYPTO_NOTSUPP, rig.Driver.Akcipher(VIRTIO_CRYPTO_AKCIPHER_ENCRYPT, pubSession, Bytes.Random(32), 200).Status);
        Assert.Equal(VIRTIO_CRYPTO_ERR, rig.Driver.Akcipher(VIRTIO_CRYPTO_AKCIPHER_SIGN, pubSession, Bytes.Random(32), 200).Status);
        var other = curve == VirtioCryptoCurve.VIRTIO_CRYPTO_CURVE_NIST_P256 ? VirtioCryptoCurve.VIRTIO_CRYPTO_CURVE_NIST_P384 : VirtioCryptoCurve.VIRTIO_CRYPTO_CURVE_NIST_P256;
        Assert.Equal(VIRTIO_CRYPTO_ERR, rig.Driver.CreateAkcipherSession(VirtioCryptoAkcipherAlgo.VIRTIO_CRYPTO_AKCIPHER_ECDSA,
            VirtioCryptoAkcipherKeyType.VIRTIO_CRYPTO_AKCIPHER_KEY_TYPE_PRIVATE, AkcipherPara.Ecdsa(other), priv).Status);
    }

    [Fact]
    public void StatelessRsaSignatureVerifiesInOpenssl()
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
}
