using Qcrypto.Tls.Creds;
using Qcrypto.Tls.Native;

namespace Qcrypto.Tls.Checks;

/// <summary>What only a server reads: the CRL and the DH parameters.</summary>
internal sealed partial class CertDirCheck
{
    private void Crl()
    {
        var bytes = Read(TlsCredsFiles.CaCrl);
        if (bytes is null)
        {
            return;
        }

        var crls = CrlFile.Parse(bytes, out _);
        if (crls is null || crls.Count == 0)
        {
            ReportUnparsable(TlsCredsFiles.CaCrl, bytes, "a CRL", CrlLabels, Interop.GnuTls.GNUTLS_E_PARSING_ERROR);
            return;
        }

        var cas = _caBytes is null ? [] : CrlFile.Certificates(_caBytes);
        var leaf = _certBytes is null ? null : CrlFile.Certificates(_certBytes).ElementAtOrDefault(_leafIndex);
        var details = new List<string>();
        foreach (var crl in crls)
        {
            details.Add($"issuer {crl.Issuer}; {crl.Count} revoked; {crl.SignatureAlgorithmName}; updated {Date(crl.ThisUpdate)}, next {(crl.NextUpdate is { } n ? Date(n) : "not set")}");
            var issuer = cas.FirstOrDefault(crl.IsIssuedBy);
            if (issuer is null)
            {
                Add(CheckRules.CrlIssuerUnknown.Finding(TlsCredsFiles.CaCrl, $"ca-crl.pem is issued by '{crl.Issuer}', which is not in ca-cert.pem: it revokes nothing here"));
            }
            else if (!crl.SignatureVerifies(issuer, out var why))
            {
                Add(CheckRules.CrlSignatureInvalid.Finding(TlsCredsFiles.CaCrl, $"ca-crl.pem's signature does not verify against '{issuer.SubjectDN}': {why}"));
            }

            if (crl.NextUpdate is { } next && next < _now)
            {
                Add(CheckRules.CrlExpired.Finding(TlsCredsFiles.CaCrl, $"ca-crl.pem's nextUpdate ({Date(next)}) has passed: the CRL is stale"));
            }

            if (crl.ThisUpdate > _now + TimeSpan.FromMinutes(5))
            {
                Add(CheckRules.CrlNotYetValid.Finding(TlsCredsFiles.CaCrl, $"ca-crl.pem was issued in the future ({Date(crl.ThisUpdate)})"));
            }

            if (leaf is not null && _leaf is not null && leaf.IssuerDN.Equivalent(crl.IssuerDN()) && crl.Revokes(leaf.SerialNumber))
            {
                Add(CheckRules.OwnCertRevoked.Finding(CertName, $"{CertName} ('{_leaf.Subject}') is revoked by ca-crl.pem: peers that check revocation refuse it"));
            }
        }

        _files.Add(new CertDirFileSummary(TlsCredsFiles.CaCrl, crls.Count == 1 ? "CRL" : $"{crls.Count} CRLs", details));
    }

    private void DhParams()
    {
        var bytes = Read(TlsCredsFiles.DhParams);
        if (bytes is null)
        {
            return;
        }

        var bits = DhParamsInfo.PrimeBits(bytes);
        if (bits < 0 && Classify(bytes).Labels.Contains("X9.42 DH PARAMETERS"))
        {
            Add(CheckRules.PemWrongContent.Finding(TlsCredsFiles.DhParams,
                "dh-params.pem holds X9.42 DH parameters (BEGIN X9.42 DH PARAMETERS: openssl dhparam -dsaparam, genpkey -algorithm DHX); " +
                "GnuTLS reads only PKCS#3 (BEGIN DH PARAMETERS), and OpenSSL cannot convert them",
                $"write PKCS#3 parameters: openssl dhparam -out {Quote(PathOf(TlsCredsFiles.DhParams))} 2048 (no -dsaparam), or " +
                $"certtool --generate-dh-params --sec-param medium --outfile {Quote(PathOf(TlsCredsFiles.DhParams))}"));
            return;
        }

        if (bits < 0)
        {
            ReportUnparsable(TlsCredsFiles.DhParams, bytes, "DH parameters", DhLabels, bits);
            return;
        }

        _files.Add(new CertDirFileSummary(TlsCredsFiles.DhParams, "DH parameters", [$"{bits}-bit prime"]));
        if (bits < 2048)
        {
            Add(CheckRules.WeakDhParams.Finding(TlsCredsFiles.DhParams, $"dh-params.pem holds a {bits}-bit group; 2048 bits is the minimum"));
        }
    }
}
