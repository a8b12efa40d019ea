using System.Globalization;
using Org.BouncyCastle.Asn1;
using BcBigInteger = Org.BouncyCastle.Math.BigInteger;

namespace Qcrypto.TestCerts;

/// <summary>
/// Finite-field Diffie-Hellman groups for dh-params.pem, written as PKCS#3 DHParameter PEM
/// ("-----BEGIN DH PARAMETERS-----"), the format gnutls_dh_params_import_pkcs3 reads. The groups are fixed,
/// published ones — generating safe primes takes seconds to minutes and proves nothing here. The primes are
/// copied from the RFCs in their published 8-hex-digit layout; the tests re-derive them from the RFCs'
/// closed-form definitions (e and pi) and check them against OpenSSL's built-in ffdhe groups.
/// </summary>
public sealed class DhParams
{
    private DhParams(string name, string[] primeHex, int generator)
    {
        Name = name;
        var hex = string.Concat(primeHex).Replace(" ", "", StringComparison.Ordinal);
        // A leading 0 keeps the number positive whatever the first hex digit is.
        Prime = System.Numerics.BigInteger.Parse("0" + hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture);
        Generator = generator;
    }

    /// <summary>RFC 7919 Appendix A.1 ffdhe2048: p = 2^2048 - 2^1984 + (floor(2^1918 * e) + 560316) * 2^64 - 1, g = 2.</summary>
    public static DhParams Ffdhe2048 { get; } = new("ffdhe2048",
    [
        "FFFFFFFF FFFFFFFF ADF85458 A2BB4A9A AFDC5620 273D3CF1 D8B9C583 CE2D3695",
        "A9E13641 146433FB CC939DCE 249B3EF9 7D2FE363 630C75D8 F681B202 AEC4617A",
        "D3DF1ED5 D5FD6561 2433F51F 5F066ED0 85636555 3DED1AF3 B557135E 7F57C935",
        "984F0C70 E0E68B77 E2A689DA F3EFE872 1DF158A1 36ADE735 30ACCA4F 483A797A",
        "BC0AB182 B324FB61 D108A94B B2C8E3FB B96ADAB7 60D7F468 1D4F42A3 DE394DF4",
        "AE56EDE7 6372BB19 0B07A7C8 EE0A6D70 9E02FCE1 CDF7E2EC C03404CD 28342F61",
        "9172FE9C E98583FF 8E4F1232 EEF28183 C3FE3B1B 4C6FAD73 3BB5FCBC 2EC22005",
        "C58EF183 7D1683B2 C6F34A26 C1B2EFFA 886B4238 61285C97 FFFFFFFF FFFFFFFF",
    ], 2);

    /// <summary>RFC 7919 Appendix A.2 ffdhe3072: p = 2^3072 - 2^3008 + (floor(2^2942 * e) + 2625351) * 2^64 - 1, g = 2.</summary>
    public static DhParams Ffdhe3072 { get; } = new("ffdhe3072",
    [
        "FFFFFFFF FFFFFFFF ADF85458 A2BB4A9A AFDC5620 273D3CF1 D8B9C583 CE2D3695",
        "A9E13641 146433FB CC939DCE 249B3EF9 7D2FE363 630C75D8 F681B202 AEC4617A",
        "D3DF1ED5 D5FD6561 2433F51F 5F066ED0 85636555 3DED1AF3 B557135E 7F57C935",
        "984F0C70 E0E68B77 E2A689DA F3EFE872 1DF158A1 36ADE735 30ACCA4F 483A797A",
        "BC0AB182 B324FB61 D108A94B B2C8E3FB B96ADAB7 60D7F468 1D4F42A3 DE394DF4",
        "AE56EDE7 6372BB19 0B07A7C8 EE0A6D70 9E02FCE1 CDF7E2EC C03404CD 28342F61",
        "9172FE9C E98583FF 8E4F1232 EEF28183 C3FE3B1B 4C6FAD73 3BB5FCBC 2EC22005",
        "C58EF183 7D1683B2 C6F34A26 C1B2EFFA 886B4238 611FCFDC DE355B3B 6519035B",
        "BC34F4DE F99C0238 61B46FC9 D6E6C907 7AD91D26 91F7F7EE 598CB0FA C186D91C",
        "AEFE1309 85139270 B4130C93 BC437944 F4FD4452 E2D74DD3 64F2E21E 71F54BFF",
        "5CAE82AB 9C9DF69E E86D2BC5 22363A0D ABC52197 9B0DEADA 1DBF9A42 D5C4484E",
        "0ABCD06B FA53DDEF 3C1B20EE 3FD59D7C 25E41D2B 66C62E37 FFFFFFFF FFFFFFFF",
    ], 2);

    /// <summary>
    /// RFC 2409 section 6.2, the Second Oakley Group: p = 2^1024 - 2^960 - 1 + 2^64 * (floor(2^894 * pi) + 129093),
    /// g = 2. 1024 bits is breakable by a nation-state precomputation (Logjam); here only for "weak DH" cases.
    /// </summary>
    public static DhParams WeakModp1024 { get; } = new("modp1024 (RFC 2409 Oakley group 2)",
    [
        "FFFFFFFF FFFFFFFF C90FDAA2 2168C234 C4C6628B 80DC1CD1 29024E08 8A67CC74",
        "020BBEA6 3B139B22 514A0879 8E3404DD EF9519B3 CD3A431B 302B0A6D F25F1437",
        "4FE1356D 6D51C245 E485B576 625E7EC6 F44C42E9 A637ED6B 0BFF5CB6 F406B7ED",
        "EE386BFB 5A899FA5 AE9F2411 7C4B1FE6 49286651 ECE65381 FFFFFFFF FFFFFFFF",
    ], 2);

    /// <summary>A short name such as "ffdhe2048".</summary>
    public string Name { get; }

    /// <summary>The prime modulus p.</summary>
    public System.Numerics.BigInteger Prime { get; }

    /// <summary>The generator g.</summary>
    public int Generator { get; }

    /// <summary>Size of p in bits.</summary>
    public long Bits => Prime.GetBitLength();

    /// <summary>PKCS#3 DHParameter ::= SEQUENCE { prime INTEGER, base INTEGER } in DER (no privateValueLength).</summary>
    public byte[] ToDer()
    {
        var p = new BcBigInteger(1, Prime.ToByteArray(isUnsigned: true, isBigEndian: true));
        return new DerSequence(new DerInteger(p), DerInteger.ValueOf(Generator)).GetEncoded(Asn1Encodable.Der);
    }

    /// <summary>"-----BEGIN DH PARAMETERS-----" PEM.</summary>
    public string ToPem() => Pem.Encode("DH PARAMETERS", ToDer());

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Bits} bits)";
}
