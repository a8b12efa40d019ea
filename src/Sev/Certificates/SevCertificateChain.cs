using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Firmware;

namespace Qcrypto.Sev.Certificates;

/// <summary>
/// The platform's certificate chain as PDH_CERT_EXPORT returns it and sev-tool writes
/// cert_chain.cert: PEK ‖ OCA ‖ CEK, 2084 bytes each. <see cref="VerifyPdh"/> checks a PDH up to the
/// CEK and the self-signed OCA; the CEK's signature by AMD's ASK needs AMD's certificates and is
/// not checked here.
/// </summary>
public sealed class SevCertificateChain
{
    private SevCertificateChain(SevCertificate pek, SevCertificate oca, SevCertificate cek)
    {
        Pek = pek;
        Oca = oca;
        Cek = cek;
    }

    public SevCertificate Pek { get; }

    public SevCertificate Oca { get; }

    public SevCertificate Cek { get; }

    public static SevCertificateChain Parse(ReadOnlySpan<byte> data)
    {
        if (data.Length != SevSizes.CertificateChain)
        {
            throw new SevException(SevErrorCodes.CertificateChain,
                $"a SEV certificate chain (PEK, OCA, CEK) is {SevSizes.CertificateChain} bytes, not {data.Length}",
                hint: "give cert_chain.cert as sev-tool writes it, or query-sev-capabilities' cert-chain (base64)");
        }

        return new SevCertificateChain(
            SevCertificate.Parse(data[..SevSizes.Certificate]),
            SevCertificate.Parse(data.Slice(SevSizes.Certificate, SevSizes.Certificate)),
            SevCertificate.Parse(data[(2 * SevSizes.Certificate)..]));
    }

    public static SevCertificateChain Create(SevCertificate pek, SevCertificate oca, SevCertificate cek) => new(pek, oca, cek);

    public byte[] ToArray() => [.. Pek.Bytes, .. Oca.Bytes, .. Cek.Bytes];

    /// <summary>
    /// Checks that <paramref name="pdh"/> is a PDH signed by this chain's PEK, the PEK signed by the
    /// OCA and by the CEK, and the OCA self-signed; throws naming the first link that fails.
    /// </summary>
    public void VerifyPdh(SevCertificate pdh)
    {
        foreach (var (certificate, usage) in new[] { (pdh, SevKeyUsage.Pdh), (Pek, SevKeyUsage.Pek), (Oca, SevKeyUsage.Oca), (Cek, SevKeyUsage.Cek) })
        {
            if (certificate.Problem(usage) is { } problem)
            {
                throw Broken($"the {SevCertificate.UsageName(usage)} certificate is unusable: {problem}");
            }
        }

        Check(SevKeys.Verify(pdh, Pek), "the PDH is not signed by the chain's PEK (the PDH and the chain come from different platforms?)");
        Check(SevKeys.Verify(Pek, Oca), "the PEK is not signed by the chain's OCA");
        Check(SevKeys.Verify(Pek, Cek), "the PEK is not signed by the chain's CEK");
        Check(SevKeys.Verify(Oca, Oca), "the OCA is not self-signed");
    }

    private static void Check(bool ok, string message)
    {
        if (!ok)
        {
            throw Broken(message);
        }
    }

    private static SevException Broken(string message) => new(SevErrorCodes.CertificateChain, message,
        hint: "take pdh.cert and cert_chain.cert from the same platform (PDH_CERT_EXPORT, query-sev-capabilities)");
}
