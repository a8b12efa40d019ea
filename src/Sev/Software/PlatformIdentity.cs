using System.Security.Cryptography;
using Qcrypto.Sev.Certificates;
using Qcrypto.Sev.Firmware;

namespace Qcrypto.Sev.Software;

/// <summary>
/// The platform's keys and certificates, made as the SEV API describes them: the OCA (self-signed,
/// ECDSA P-384), the CEK (ECDSA P-384, signed by the ASK), the PEK (signed by the OCA and the CEK)
/// and the PDH (ECDH P-384, signed by the PEK). AMD's ASK signs real CEKs; a software platform has
/// its own stand-in ASK (RSA-2048, RSA-PSS with SHA-256), whose certificate is not exported.
/// </summary>
internal sealed class PlatformIdentity : IDisposable
{
    private const int AskBits = 2048;

    private PlatformIdentity(ECDsa oca, ECDsa cek, ECDsa pek, ECDiffieHellman pdh, RSA ask, SevCertificate ocaCert, SevCertificate cekCert, SevCertificate pekCert, SevCertificate pdhCert)
    {
        Oca = oca;
        Cek = cek;
        Pek = pek;
        Pdh = pdh;
        Ask = ask;
        OcaCertificate = ocaCert;
        CekCertificate = cekCert;
        PekCertificate = pekCert;
        PdhCertificate = pdhCert;
    }

    public ECDsa Oca { get; }

    public ECDsa Cek { get; }

    public ECDsa Pek { get; }

    public ECDiffieHellman Pdh { get; }

    public RSA Ask { get; }

    public SevCertificate OcaCertificate { get; }

    public SevCertificate CekCertificate { get; }

    public SevCertificate PekCertificate { get; }

    public SevCertificate PdhCertificate { get; }

    public SevCertificateChain Chain => SevCertificateChain.Create(PekCertificate, OcaCertificate, CekCertificate);

    /// <summary>Fresh keys and certificates for a platform of API <paramref name="apiMajor"/>.<paramref name="apiMinor"/>.</summary>
    public static PlatformIdentity Generate(byte apiMajor, byte apiMinor)
    {
        var oca = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var cek = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var pek = ECDsa.Create(ECCurve.NamedCurves.nistP384);
        var pdh = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP384);
        var ask = RSA.Create(AskBits);
        var (ocaCert, cekCert, pekCert, pdhCert) = Certify(oca, cek, pek, pdh, ask, apiMajor, apiMinor);
        return new PlatformIdentity(oca, cek, pek, pdh, ask, ocaCert, cekCert, pekCert, pdhCert);
    }

    /// <summary>Keys loaded from their PKCS#8 files, with the certificates the platform exported.</summary>
    public static PlatformIdentity Load(ReadOnlySpan<byte> oca, ReadOnlySpan<byte> cek, ReadOnlySpan<byte> pek, ReadOnlySpan<byte> pdh, ReadOnlySpan<byte> ask,
        SevCertificate ocaCert, SevCertificate cekCert, SevCertificate pekCert, SevCertificate pdhCert)
    {
        var o = ECDsa.Create();
        o.ImportPkcs8PrivateKey(oca, out _);
        var c = ECDsa.Create();
        c.ImportPkcs8PrivateKey(cek, out _);
        var p = ECDsa.Create();
        p.ImportPkcs8PrivateKey(pek, out _);
        var d = ECDiffieHellman.Create();
        d.ImportPkcs8PrivateKey(pdh, out _);
        var a = RSA.Create();
        a.ImportPkcs8PrivateKey(ask, out _);
        return new PlatformIdentity(o, c, p, d, a, ocaCert, cekCert, pekCert, pdhCert);
    }

    /// <summary>True if the PDH certificate holds this platform's PDH key.</summary>
    public bool PdhMatchesCertificate()
    {
        var q = Pdh.ExportParameters(false).Q;
        var c = SevKeys.EcPublicKey(PdhCertificate).Q;
        return q.X!.AsSpan().SequenceEqual(c.X) && q.Y!.AsSpan().SequenceEqual(c.Y);
    }

    private static (SevCertificate Oca, SevCertificate Cek, SevCertificate Pek, SevCertificate Pdh) Certify(
        ECDsa oca, ECDsa cek, ECDsa pek, ECDiffieHellman pdh, RSA ask, byte apiMajor, byte apiMinor)
    {
        var ocaCert = SevCertificate.Create(SevKeyUsage.Oca, SevAlgorithm.EcdsaSha256, 0, 0, s => SevKeys.WriteEcKey(s, oca.ExportParameters(false)));
        SevKeys.Sign(ocaCert, 1, SevKeyUsage.Oca, oca);

        var cekCert = SevCertificate.Create(SevKeyUsage.Cek, SevAlgorithm.EcdsaSha256, 0, 0, s => SevKeys.WriteEcKey(s, cek.ExportParameters(false)));
        SevKeys.Sign(cekCert, 1, SevKeyUsage.Ask, ask);

        var pekCert = SevCertificate.Create(SevKeyUsage.Pek, SevAlgorithm.EcdsaSha256, apiMajor, apiMinor, s => SevKeys.WriteEcKey(s, pek.ExportParameters(false)));
        SevKeys.Sign(pekCert, 1, SevKeyUsage.Oca, oca);
        SevKeys.Sign(pekCert, 2, SevKeyUsage.Cek, cek);

        var pdhCert = SevCertificate.Create(SevKeyUsage.Pdh, SevAlgorithm.EcdhSha256, apiMajor, apiMinor, s => SevKeys.WriteEcKey(s, pdh.ExportParameters(false)));
        SevKeys.Sign(pdhCert, 1, SevKeyUsage.Pek, pek);
        return (ocaCert, cekCert, pekCert, pdhCert);
    }

    public void Dispose()
    {
        Oca.Dispose();
        Cek.Dispose();
        Pek.Dispose();
        Pdh.Dispose();
        Ask.Dispose();
    }
}
