using System.Buffers.Binary;
using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Firmware;
using L = Qcrypto.Sev.Certificates.SevCertificateLayout;

namespace Qcrypto.Sev.Certificates;

/// <summary>
/// A SEV certificate (AMD pub. 55766 Appendix C): the 2084-byte little-endian format of the
/// platform's PDH, PEK, OCA and CEK and of the guest owner's DH certificate (GODH, QEMU's
/// dh-cert-file). Parsing only checks the size; <see cref="Problem"/> says what else is wrong.
/// </summary>
public sealed partial class SevCertificate
{
    private readonly byte[] _raw;

    private SevCertificate(byte[] raw) => _raw = raw;

    /// <summary>The certificate in <paramref name="data"/> (exactly <see cref="SevSizes.Certificate"/> bytes).</summary>
    public static SevCertificate Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length != SevSizes.Certificate)
        {
            throw new SevException(SevErrorCodes.Certificate, $"a SEV certificate is {SevSizes.Certificate} bytes, not {data.Length}",
                hint: "give the raw certificate (pdh.cert, godh.cert) or its base64 (query-sev-capabilities' pdh, godh.b64)");
        }

        return new SevCertificate(data.ToArray());
    }

    public uint Version => U32(L.Version);

    public byte ApiMajor => _raw[L.ApiMajor];

    public byte ApiMinor => _raw[L.ApiMinor];

    public SevKeyUsage Usage => (SevKeyUsage)U32(L.PubkeyUsage);

    public SevAlgorithm Algorithm => (SevAlgorithm)U32(L.PubkeyAlgo);

    /// <summary>The curve of an ECDSA/ECDH key (meaningless for RSA).</summary>
    public SevCurve Curve => (SevCurve)U32(L.Curve);

    public bool IsEc => Algorithm is SevAlgorithm.EcdsaSha256 or SevAlgorithm.EcdsaSha384 or SevAlgorithm.EcdhSha256 or SevAlgorithm.EcdhSha384;

    public bool IsRsa => Algorithm is SevAlgorithm.RsaSha256 or SevAlgorithm.RsaSha384;

    public SevSignature Signature1 => new(this, (SevKeyUsage)U32(L.Sig1Usage), (SevAlgorithm)U32(L.Sig1Algo), L.Sig1);

    public SevSignature Signature2 => new(this, (SevKeyUsage)U32(L.Sig2Usage), (SevAlgorithm)U32(L.Sig2Algo), L.Sig2);

    /// <summary>VERSION through PUBKEY: what the signatures cover.</summary>
    public ReadOnlySpan<byte> SignedPart => _raw.AsSpan(0, L.SignedLength);

    public ReadOnlySpan<byte> Bytes => _raw;

    public byte[] ToArray() => (byte[])_raw.Clone();

    /// <summary>
    /// What makes this certificate unfit to hold a key of <paramref name="usage"/>, or null: the
    /// version, usage, algorithm, curve, the bytes the format requires to be zero, and (for EC keys)
    /// whether the point lies on the curve.
    /// </summary>
    public string? Problem(SevKeyUsage usage)
    {
        if (Version != L.CurrentVersion)
        {
            return $"version {Version} (expected 1)";
        }

        if (Usage != usage)
        {
            return $"key usage {UsageName(Usage)} (expected {UsageName(usage)})";
        }

        var expected = usage == SevKeyUsage.Pdh ? "ECDH" : "ECDSA";
        var algorithmFits = usage == SevKeyUsage.Pdh
            ? Algorithm is SevAlgorithm.EcdhSha256 or SevAlgorithm.EcdhSha384
            : Algorithm is SevAlgorithm.EcdsaSha256 or SevAlgorithm.EcdsaSha384;
        if (!algorithmFits)
        {
            return $"key algorithm {AlgorithmName(Algorithm)} (expected {expected})";
        }

        if (Curve != SevCurve.P384)
        {
            return $"curve {(uint)Curve} (expected 2, P-384)";
        }

        if (BinaryPrimitives.ReadUInt16LittleEndian(_raw.AsSpan(L.Reserved)) != 0 || _raw.AsSpan(L.EcZeros, L.SignedLength - L.EcZeros).IndexOfAnyExcept((byte)0) >= 0
            || _raw.AsSpan(L.Qx + 48, 24).IndexOfAnyExcept((byte)0) >= 0 || _raw.AsSpan(L.Qy + 48, 24).IndexOfAnyExcept((byte)0) >= 0)
        {
            return "reserved bytes are not zero";
        }

        return SevKeys.IsValidPoint(this) ? null : "the public key is not a point on P-384";
    }

    public static string UsageName(SevKeyUsage usage) => usage switch
    {
        SevKeyUsage.Ark => "ARK",
        SevKeyUsage.Ask => "ASK",
        SevKeyUsage.Invalid => "none",
        SevKeyUsage.Oca => "OCA",
        SevKeyUsage.Pek => "PEK",
        SevKeyUsage.Pdh => "PDH",
        SevKeyUsage.Cek => "CEK",
        _ => $"0x{(uint)usage:x}",
    };

    public static string AlgorithmName(SevAlgorithm algorithm) => algorithm switch
    {
        SevAlgorithm.Invalid => "none",
        SevAlgorithm.RsaSha256 => "RSA-SHA256",
        SevAlgorithm.EcdsaSha256 => "ECDSA-SHA256",
        SevAlgorithm.EcdhSha256 => "ECDH-SHA256",
        SevAlgorithm.RsaSha384 => "RSA-SHA384",
        SevAlgorithm.EcdsaSha384 => "ECDSA-SHA384",
        SevAlgorithm.EcdhSha384 => "ECDH-SHA384",
        _ => $"0x{(uint)algorithm:x}",
    };

    internal ReadOnlySpan<byte> Field(int offset, int length) => _raw.AsSpan(offset, length);

    private uint U32(int offset) => BinaryPrimitives.ReadUInt32LittleEndian(_raw.AsSpan(offset));

    /// <summary>Builds a certificate field by field (the platform's and the guest owner's).</summary>
    internal static SevCertificate Create(SevKeyUsage usage, SevAlgorithm algorithm, byte apiMajor, byte apiMinor, Action<Span<byte>> writeKey)
    {
        var raw = new byte[SevSizes.Certificate];
        BinaryPrimitives.WriteUInt32LittleEndian(raw.AsSpan(L.Version), L.CurrentVersion);
        raw[L.ApiMajor] = apiMajor;
        raw[L.ApiMinor] = apiMinor;
        BinaryPrimitives.WriteUInt32LittleEndian(raw.AsSpan(L.PubkeyUsage), (uint)usage);
        BinaryPrimitives.WriteUInt32LittleEndian(raw.AsSpan(L.PubkeyAlgo), (uint)algorithm);
        writeKey(raw.AsSpan(L.Pubkey, L.PubkeyLength));
        BinaryPrimitives.WriteUInt32LittleEndian(raw.AsSpan(L.Sig1Usage), (uint)SevKeyUsage.Invalid);
        BinaryPrimitives.WriteUInt32LittleEndian(raw.AsSpan(L.Sig2Usage), (uint)SevKeyUsage.Invalid);
        return new SevCertificate(raw);
    }

    /// <summary>Writes one signature slot (1 or 2).</summary>
    internal void SetSignature(int slot, SevKeyUsage usage, SevAlgorithm algorithm, ReadOnlySpan<byte> signature)
    {
        var (u, a, s) = slot == 1 ? (L.Sig1Usage, L.Sig1Algo, L.Sig1) : (L.Sig2Usage, L.Sig2Algo, L.Sig2);
        BinaryPrimitives.WriteUInt32LittleEndian(_raw.AsSpan(u), (uint)usage);
        BinaryPrimitives.WriteUInt32LittleEndian(_raw.AsSpan(a), (uint)algorithm);
        _raw.AsSpan(s, L.SignatureLength).Clear();
        signature.CopyTo(_raw.AsSpan(s));
    }
}

/// <summary>One signature slot of a certificate: who signed (usage), how (algorithm), and the bytes.</summary>
public readonly record struct SevSignature(SevCertificate Certificate, SevKeyUsage Usage, SevAlgorithm Algorithm, int Offset)
{
    /// <summary>An empty slot: usage INVALID (0x1000) or algorithm 0.</summary>
    public bool IsEmpty => Usage == SevKeyUsage.Invalid || Algorithm == SevAlgorithm.Invalid;

    public ReadOnlySpan<byte> Bytes => Certificate.Field(Offset, SevCertificateLayout.SignatureLength);
}
