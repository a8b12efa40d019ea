using System.Text;
using System.Text.RegularExpressions;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace Qcrypto.Tls.Checks;

/// <summary>How a PKCS#8 key is encrypted, and whether GnuTLS can decrypt that at all.</summary>
internal sealed record KeyEncryption(string Scheme, bool GnuTlsDecrypts);

/// <summary>
/// The forms of keys GnuTLS 3.7 cannot read, told apart from damage: a PKCS#8 encryption scheme it does not implement
/// (scrypt, Camellia, ARIA, ...; GnuTLS then fails "whatever the password"), and EC curves it does not know
/// (secp256k1, brainpool, ...: "ASN1 parser: Element was not found."). Only the algorithm identifiers are read, never
/// key bits. The tables were measured with openssl pkcs8/genpkey and certtool on Debian 12 (GnuTLS 3.7.9).
/// </summary>
internal static class KeyForms
{
    private const string EcPublicKey = "1.2.840.10045.2.1";
    private const string Pbes2 = "1.2.840.113549.1.5.13";
    private const string Pbkdf2 = "1.2.840.113549.1.5.12";
    private const string Scrypt = "1.3.6.1.4.1.11591.4.11";
    private const string HmacWithSha1 = "1.2.840.113549.2.7";

    // GnuTLS's named curves for ECDSA keys.
    private static readonly Dictionary<string, string> Curves = new()
    {
        ["1.2.840.10045.3.1.1"] = "P-192", ["1.3.132.0.33"] = "P-224", ["1.2.840.10045.3.1.7"] = "P-256",
        ["1.3.132.0.34"] = "P-384", ["1.3.132.0.35"] = "P-521",
    };

    // PBES2 ciphers: true where GnuTLS decrypts them.
    private static readonly Dictionary<string, (string Name, bool Ok)> Ciphers = new()
    {
        ["2.16.840.1.101.3.4.1.2"] = ("AES-128-CBC", true), ["2.16.840.1.101.3.4.1.22"] = ("AES-192-CBC", true),
        ["2.16.840.1.101.3.4.1.42"] = ("AES-256-CBC", true), ["1.2.840.113549.3.7"] = ("DES-EDE3-CBC", true), ["1.3.14.3.2.7"] = ("DES-CBC", true),
        ["2.16.840.1.101.3.4.1.3"] = ("AES-128-OFB", false), ["2.16.840.1.101.3.4.1.43"] = ("AES-256-OFB", false),
        ["2.16.840.1.101.3.4.1.6"] = ("AES-128-GCM", false), ["2.16.840.1.101.3.4.1.46"] = ("AES-256-GCM", false),
        ["1.2.840.113549.3.2"] = ("RC2-CBC", false), ["1.3.6.1.4.1.188.7.1.1.2"] = ("IDEA-CBC", false), ["1.3.6.1.4.1.3029.1.2"] = ("BF-CBC", false),
        ["1.2.392.200011.61.1.1.1.2"] = ("CAMELLIA-128-CBC", false), ["1.2.392.200011.61.1.1.1.3"] = ("CAMELLIA-192-CBC", false),
        ["1.2.392.200011.61.1.1.1.4"] = ("CAMELLIA-256-CBC", false), ["1.2.410.200046.1.1.2"] = ("ARIA-128-CBC", false),
        ["1.2.410.200046.1.1.12"] = ("ARIA-256-CBC", false), ["1.2.410.200004.1.4"] = ("SEED-CBC", false), ["1.2.156.10197.1.104.2"] = ("SM4-CBC", false),
    };

    // PBKDF2 PRFs: true where GnuTLS has them.
    private static readonly Dictionary<string, (string Name, bool Ok)> Prfs = new()
    {
        [HmacWithSha1] = ("HMAC-SHA1", true), ["1.2.840.113549.2.8"] = ("HMAC-SHA224", true), ["1.2.840.113549.2.9"] = ("HMAC-SHA256", true),
        ["1.2.840.113549.2.10"] = ("HMAC-SHA384", true), ["1.2.840.113549.2.11"] = ("HMAC-SHA512", true),
        ["1.2.840.113549.2.12"] = ("HMAC-SHA512/224", false), ["1.2.840.113549.2.13"] = ("HMAC-SHA512/256", false),
        ["2.16.840.1.101.3.4.2.13"] = ("HMAC-SHA3-224", false), ["2.16.840.1.101.3.4.2.14"] = ("HMAC-SHA3-256", false),
    };

    // PKCS#5 v1 and PKCS#12 password-based schemes.
    private static readonly Dictionary<string, (string Name, bool Ok)> Pbes1 = new()
    {
        ["1.2.840.113549.1.12.1.3"] = ("PKCS#12 PBE-SHA1-3DES", true), ["1.2.840.113549.1.12.1.1"] = ("PKCS#12 PBE-SHA1-RC4-128", true),
        ["1.2.840.113549.1.12.1.6"] = ("PKCS#12 PBE-SHA1-RC2-40", true), ["1.2.840.113549.1.5.3"] = ("PKCS#5 PBE-MD5-DES", true),
        ["1.2.840.113549.1.12.1.2"] = ("PKCS#12 PBE-SHA1-RC4-40", false), ["1.2.840.113549.1.12.1.4"] = ("PKCS#12 PBE-SHA1-2DES", false),
        ["1.2.840.113549.1.12.1.5"] = ("PKCS#12 PBE-SHA1-RC2-128", false), ["1.2.840.113549.1.5.10"] = ("PKCS#5 PBE-SHA1-DES", false),
        ["1.2.840.113549.1.5.1"] = ("PKCS#5 PBE-MD2-DES", false), ["1.2.840.113549.1.5.6"] = ("PKCS#5 PBE-MD5-RC2-64", false),
        ["1.2.840.113549.1.5.11"] = ("PKCS#5 PBE-SHA1-RC2-64", false),
    };

    /// <summary>The encryption of the first ENCRYPTED PRIVATE KEY block, or null (none, or not parseable).</summary>
    public static KeyEncryption? Encryption(byte[] pem)
    {
        try
        {
            if (Block(pem, "ENCRYPTED PRIVATE KEY") is not { } der)
            {
                return null;
            }

            var algorithm = AlgorithmIdentifier.GetInstance(Asn1Sequence.GetInstance(der)[0]);
            var oid = algorithm.Algorithm.Id;
            if (oid != Pbes2)
            {
                return Pbes1.TryGetValue(oid, out var v1) ? new KeyEncryption(v1.Name, v1.Ok) : new KeyEncryption($"scheme {oid}", false);
            }

            var parameters = Asn1Sequence.GetInstance(algorithm.Parameters);
            var kdf = AlgorithmIdentifier.GetInstance(parameters[0]);
            var cipher = AlgorithmIdentifier.GetInstance(parameters[1]).Algorithm.Id;
            var (cipherName, cipherOk) = Ciphers.TryGetValue(cipher, out var c) ? c : ($"cipher {cipher}", false);
            string kdfName;
            var kdfOk = false;
            if (kdf.Algorithm.Id == Scrypt)
            {
                kdfName = "scrypt";
            }
            else if (kdf.Algorithm.Id == Pbkdf2)
            {
                var p = Asn1Sequence.GetInstance(kdf.Parameters);
                var prf = p.Count > 0 && p[p.Count - 1] is Asn1Sequence seq ? AlgorithmIdentifier.GetInstance(seq).Algorithm.Id : HmacWithSha1;
                (var prfName, kdfOk) = Prfs.TryGetValue(prf, out var f) ? f : ($"PRF {prf}", false);
                kdfName = $"PBKDF2-{prfName}";
            }
            else
            {
                kdfName = $"key derivation {kdf.Algorithm.Id}";
            }

            return new KeyEncryption($"PBES2 ({kdfName}, {cipherName})", kdfOk && cipherOk);
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or IOException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>
    /// For an unencrypted EC key (PRIVATE KEY or EC PRIVATE KEY) on a curve GnuTLS does not know: the curve's name
    /// (secp256k1, brainpoolP256r1, ... or "explicit parameters"); otherwise null.
    /// </summary>
    public static string? UnsupportedCurve(byte[] pem)
    {
        try
        {
            Asn1Encodable? parameters = null;
            if (Block(pem, "PRIVATE KEY") is { } pkcs8)
            {
                var algorithm = AlgorithmIdentifier.GetInstance(Asn1Sequence.GetInstance(pkcs8)[1]);
                if (algorithm.Algorithm.Id != EcPublicKey)
                {
                    return null;
                }

                parameters = algorithm.Parameters;
            }
            else if (Block(pem, "EC PRIVATE KEY") is { } sec1)
            {
                parameters = Asn1Sequence.GetInstance(sec1).OfType<Asn1TaggedObject>().FirstOrDefault(t => t.TagNo == 0)?.GetExplicitBaseObject();
            }

            return CurveProblem(parameters);
        }
        catch (Exception e) when (e is ArgumentException or InvalidCastException or IOException or FormatException or IndexOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>The same question for a certificate's public key (subjectPublicKeyInfo's algorithm).</summary>
    public static string? UnsupportedCurve(AlgorithmIdentifier spki) => spki.Algorithm.Id == EcPublicKey ? CurveProblem(spki.Parameters) : null;

    private static string? CurveProblem(Asn1Encodable? parameters) => parameters switch
    {
        DerObjectIdentifier oid when Curves.ContainsKey(oid.Id) => null,
        DerObjectIdentifier oid => Org.BouncyCastle.Asn1.X9.ECNamedCurveTable.GetName(oid) ?? oid.Id,
        Asn1Sequence => "explicit curve parameters (not a named curve)",
        _ => null,
    };

    private static byte[]? Block(byte[] pem, string label)
    {
        var text = Encoding.Latin1.GetString(pem);
        var m = Regex.Match(text, $"-----BEGIN {label}-----(.*?)-----END {label}-----", RegexOptions.Singleline);
        return m.Success ? Convert.FromBase64String(Regex.Replace(m.Groups[1].Value, @"\s+", string.Empty)) : null;
    }
}
