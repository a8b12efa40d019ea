namespace Qcrypto.Sev.Certificates;

/// <summary>PUBKEY_USAGE / SIGn_USAGE of a SEV certificate (spec Appendix C).</summary>
public enum SevKeyUsage : uint
{
    Ark = 0x0000,
    Ask = 0x0013,
    Invalid = 0x1000,
    Oca = 0x1001,
    Pek = 0x1002,
    Pdh = 0x1003,
    Cek = 0x1004,
}

/// <summary>PUBKEY_ALGO / SIGn_ALGO.</summary>
public enum SevAlgorithm : uint
{
    Invalid = 0x000,
    RsaSha256 = 0x001,
    EcdsaSha256 = 0x002,
    EcdhSha256 = 0x003,
    RsaSha384 = 0x101,
    EcdsaSha384 = 0x102,
    EcdhSha384 = 0x103,
}

/// <summary>The CURVE field of an ECDSA/ECDH public key.</summary>
public enum SevCurve : uint
{
    P256 = 1,
    P384 = 2,
}

/// <summary>Field offsets of SEV_CERT (0x824 bytes, all integers little-endian).</summary>
public static class SevCertificateLayout
{
    public const int Version = 0x000;
    public const int ApiMajor = 0x004;
    public const int ApiMinor = 0x005;
    public const int Reserved = 0x006;
    public const int PubkeyUsage = 0x008;
    public const int PubkeyAlgo = 0x00C;
    public const int Pubkey = 0x010;
    public const int PubkeyLength = 0x404;

    /// <summary>ECDSA/ECDH key: CURVE u32, QX[72], QY[72], then zeros to the end of the union.</summary>
    public const int Curve = 0x010;
    public const int Qx = 0x014;
    public const int Qy = 0x05C;
    public const int EcZeros = 0x0A4;

    /// <summary>RSA key: MODULUS_SIZE u32 (bits), PUBEXP[512], MODULUS[512] (little-endian).</summary>
    public const int ModulusSize = 0x010;
    public const int PubExp = 0x014;
    public const int Modulus = 0x214;

    public const int Sig1Usage = 0x414;
    public const int Sig1Algo = 0x418;
    public const int Sig1 = 0x41C;
    public const int Sig2Usage = 0x61C;
    public const int Sig2Algo = 0x620;
    public const int Sig2 = 0x624;
    public const int SignatureLength = 0x200;

    /// <summary>The signed part: VERSION through PUBKEY.</summary>
    public const int SignedLength = 0x414;

    /// <summary>ECC coordinates and ECDSA R/S fields are 72 bytes (576 bits), little-endian.</summary>
    public const int EcFieldLength = 72;

    /// <summary>RSA exponent/modulus fields hold up to 4096 bits.</summary>
    public const int RsaFieldLength = 512;

    public const uint CurrentVersion = 1;
}
