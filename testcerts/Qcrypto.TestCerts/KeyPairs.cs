using System.Collections.Concurrent;
using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;

namespace Qcrypto.TestCerts;

/// <summary>
/// Key pairs for test certificates. RSA generation costs tens to hundreds of milliseconds in managed
/// code, so, like QEMU's tests (which load one prepared RSA key for every certificate), certificates
/// share one key per algorithm per process unless a test asks for a fresh one.
/// </summary>
public static class KeyPairs
{
    private static readonly ConcurrentDictionary<KeyAlgorithm, Lazy<AsymmetricCipherKeyPair>> s_shared = new();

    /// <summary>The process-wide key for <paramref name="algorithm"/>, generated on first use. Thread-safe.</summary>
    public static AsymmetricCipherKeyPair Shared(KeyAlgorithm algorithm) =>
        s_shared.GetOrAdd(algorithm, a => new Lazy<AsymmetricCipherKeyPair>(() => Generate(a))).Value;

    /// <summary>A new key pair nobody else holds (for "this key does not match that certificate" cases).</summary>
    public static AsymmetricCipherKeyPair Generate(KeyAlgorithm algorithm)
    {
        var random = new SecureRandom();
        switch (algorithm)
        {
            case KeyAlgorithm.Rsa1024:
            case KeyAlgorithm.Rsa2048:
            case KeyAlgorithm.Rsa3072:
            case KeyAlgorithm.Rsa4096:
                var rsa = new RsaKeyPairGenerator();
                // F4 is the public exponent every real tool uses; certainty 100 is BouncyCastle's usual value.
                rsa.Init(new RsaKeyGenerationParameters(BigInteger.ValueOf(65537), random, RsaBits(algorithm), 100));
                return rsa.GenerateKeyPair();
            case KeyAlgorithm.EcdsaP256:
            case KeyAlgorithm.EcdsaP384:
                var ec = new ECKeyPairGenerator("ECDSA");
                // Named-curve parameters (not explicit ones), so the SubjectPublicKeyInfo names the curve by OID
                // as GnuTLS and OpenSSL expect.
                var curve = algorithm == KeyAlgorithm.EcdsaP256 ? SecObjectIdentifiers.SecP256r1 : SecObjectIdentifiers.SecP384r1;
                ec.Init(new ECKeyGenerationParameters(curve, random));
                return ec.GenerateKeyPair();
            default:
                throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "unknown key algorithm");
        }
    }

    /// <summary>What kind of key <paramref name="key"/> is (RSA size or EC curve).</summary>
    public static KeyAlgorithm AlgorithmOf(AsymmetricKeyParameter key) => key switch
    {
        RsaKeyParameters rsa => rsa.Modulus.BitLength switch
        {
            <= 1024 => KeyAlgorithm.Rsa1024,
            <= 2048 => KeyAlgorithm.Rsa2048,
            <= 3072 => KeyAlgorithm.Rsa3072,
            _ => KeyAlgorithm.Rsa4096,
        },
        ECKeyParameters ec => ec.Parameters.Curve.FieldSize <= 256 ? KeyAlgorithm.EcdsaP256 : KeyAlgorithm.EcdsaP384,
        _ => throw new ArgumentException($"unsupported key type {key.GetType().Name}", nameof(key)),
    };

    private static int RsaBits(KeyAlgorithm algorithm) => algorithm switch
    {
        KeyAlgorithm.Rsa1024 => 1024,
        KeyAlgorithm.Rsa2048 => 2048,
        KeyAlgorithm.Rsa3072 => 3072,
        _ => 4096,
    };
}
