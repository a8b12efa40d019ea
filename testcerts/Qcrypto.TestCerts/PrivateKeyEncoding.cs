using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.Nist;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Paddings;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Pkcs;

namespace Qcrypto.TestCerts;

/// <summary>
/// PKCS#8 private keys, plain and password-encrypted. The encrypted form is built by hand from RFC 8018
/// parts — PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC — because that exact combination (with the PRF
/// spelled out, not the SHA-1 default) is what `certtool --load-privkey --password` (GnuTLS 3.7) and
/// `openssl pkey -passin` both read, and what QEMU's `passwordid=` ends up handing to GnuTLS.
/// </summary>
internal static class PrivateKeyEncoding
{
    public static byte[] ToPkcs8Der(AsymmetricKeyParameter privateKey) =>
        PrivateKeyInfoFactory.CreatePrivateKeyInfo(privateKey).GetEncoded(Asn1Encodable.Der);

    public static byte[] ToEncryptedPkcs8Der(AsymmetricKeyParameter privateKey, string password, int iterations)
    {
        ArgumentException.ThrowIfNullOrEmpty(password);
        ArgumentOutOfRangeException.ThrowIfLessThan(iterations, 1);

        var salt = RandomNumberGenerator.GetBytes(16);
        var iv = RandomNumberGenerator.GetBytes(16);

        // RFC 8018 5.2: PBKDF2 with HMAC-SHA256 derives the 32-byte AES-256 key. GnuTLS and OpenSSL both
        // treat the password as its UTF-8 bytes.
        var kdf = new Pkcs5S2ParametersGenerator(new Sha256Digest());
        kdf.Init(Encoding.UTF8.GetBytes(password), salt, iterations);
        var key = (KeyParameter)kdf.GenerateDerivedMacParameters(256);

        var cipher = new PaddedBufferedBlockCipher(new CbcBlockCipher(new AesEngine()), new Pkcs7Padding());
        cipher.Init(true, new ParametersWithIV(key, iv));
        var encrypted = cipher.DoFinal(ToPkcs8Der(privateKey));

        var prf = new AlgorithmIdentifier(PkcsObjectIdentifiers.IdHmacWithSha256, DerNull.Instance);
        var pbes2 = new PbeS2Parameters(
            new KeyDerivationFunc(PkcsObjectIdentifiers.IdPbkdf2, new Pbkdf2Params(salt, iterations, prf)),
            new EncryptionScheme(NistObjectIdentifiers.IdAes256Cbc, new DerOctetString(iv)));
        var info = new EncryptedPrivateKeyInfo(new AlgorithmIdentifier(PkcsObjectIdentifiers.IdPbeS2, pbes2), encrypted);
        return info.GetEncoded(Asn1Encodable.Der);
    }
}
