using System.Globalization;
using System.Text.RegularExpressions;
using Qcrypto.Errors;
using Qcrypto.Posix;
using Qcrypto.Tls.Creds;
using Qcrypto.Tls.Native;

namespace Qcrypto.Tls.Checks;

internal sealed partial class CertDirCheck
{
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    private const string AnyPurpose = "2.5.29.37.0";

    private static readonly Regex Numbered = new(@"^(server|client)-(cert|key)-(\d+)\.pem$", RegexOptions.CultureInvariant);

    private void OwnChecks()
    {
        var entries = SafeEntries().ToList();
        Priority();
        Layout(entries);
        CaFile();
        OwnCertificate();
        KeyStrength();
        OwnKey(entries);
        if (_isServer)
        {
            Crl();
            DhParams();
        }

        if (entries.Contains(TlsCredsFiles.PskFile))
        {
            PskFile();
        }

        if (!_options.VerifyPeer)
        {
            Add(CheckRules.VerifyPeerOff.Finding(null, _isServer
                ? "verify-peer=off: the server accepts clients without certificates, and any client certificate"
                : "verify-peer=off: the client accepts any server certificate, so anyone on the path can impersonate the server"));
        }

        KeyPermissions(entries);
        if (_user is not null)
        {
            UserAccess(entries);
        }
    }

    /// <summary>Files QEMU never reads, files of the other endpoint, QEMU 10.2's numbered identities.</summary>
    private void Layout(List<string> entries)
    {
        string[] mine = _isServer
            ? [TlsCredsFiles.CaCert, TlsCredsFiles.CaCrl, TlsCredsFiles.ServerCert, TlsCredsFiles.ServerKey, TlsCredsFiles.DhParams]
            : [TlsCredsFiles.CaCert, TlsCredsFiles.ClientCert, TlsCredsFiles.ClientKey];
        string[] other = _isServer
            ? [TlsCredsFiles.ClientCert, TlsCredsFiles.ClientKey]
            : [TlsCredsFiles.ServerCert, TlsCredsFiles.ServerKey, TlsCredsFiles.CaCrl, TlsCredsFiles.DhParams];

        // A directory holding both identities (what QEMU's docs suggest for hosts that migrate both ways) is shared.
        var shared = _isServer
            ? entries.Contains(TlsCredsFiles.ClientCert) && entries.Contains(TlsCredsFiles.ClientKey)
            : entries.Contains(TlsCredsFiles.ServerCert) && entries.Contains(TlsCredsFiles.ServerKey);
        var numbered = new List<(string Name, string Kind, int Index)>();
        foreach (var name in entries)
        {
            if (mine.Contains(name))
            {
                continue;
            }

            if (FileStatus.Of(PathOf(name), followSymlinks: false).Kind == FileKind.Directory)
            {
                continue;
            }

            if (other.Contains(name))
            {
                if (!shared)
                {
                    Add(CheckRules.UnusedFile.Finding(name, $"{name} is not used by a tls-creds-x509 {EndpointName} (only by the {(_isServer ? "client" : "server")} endpoint)"));
                }

                continue;
            }

            if (name == TlsCredsFiles.PskFile)
            {
                Add(CheckRules.UnusedFile.Finding(name, "keys.psk is read by tls-creds-psk, not by tls-creds-x509"));
                continue;
            }

            if (Numbered.Match(name) is { Success: true } m)
            {
                if (m.Groups[1].Value == EndpointName)
                {
                    numbered.Add((name, m.Groups[2].Value, int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)));
                }
                else if (!shared)
                {
                    Add(CheckRules.UnusedFile.Finding(name, $"{name} is a {m.Groups[1].Value} identity: a {EndpointName} never reads it"));
                }

                continue;
            }

            var suggestion = Suggest(name);
            Add(CheckRules.UnknownFile.Finding(name, suggestion is null
                    ? $"{name} is not a file QEMU reads"
                    : $"{name} is not a file QEMU reads; did you mean {suggestion}?{(entries.Contains(suggestion) ? string.Empty : $" ({suggestion} is missing)")}",
                suggestion is null || entries.Contains(suggestion) ? null : $"mv {Quote(PathOf(name))} {Quote(PathOf(suggestion))}"));
        }

        NumberedIdentities(numbered);
    }

    private void NumberedIdentities(List<(string Name, string Kind, int Index)> numbered)
    {
        if (numbered.Count == 0)
        {
            return;
        }

        Add(CheckRules.NumberedIdentityIgnored.Finding(numbered.OrderBy(n => n.Index).First().Name,
            $"{string.Join(", ", numbered.OrderBy(n => n.Index).ThenBy(n => n.Kind).Select(n => n.Name))}: numbered identities are loaded by QEMU 10.2 and later only; QEMU 7.2 ignores them"));

        var indices = numbered.Select(n => n.Index).Distinct().Order().ToList();
        var loaded = 0;
        while (loaded <= 3 && numbered.Any(n => n.Index == loaded && n.Kind == "cert") && numbered.Any(n => n.Index == loaded && n.Kind == "key"))
        {
            loaded++;
        }

        var ignored = indices.Where(i => i >= loaded).ToList();
        foreach (var i in indices)
        {
            var hasCert = numbered.Any(n => n.Index == i && n.Kind == "cert");
            var hasKey = numbered.Any(n => n.Index == i && n.Kind == "key");
            if (hasCert != hasKey)
            {
                var present = $"{EndpointName}-{(hasCert ? "cert" : "key")}-{i}.pem";
                var missing = $"{EndpointName}-{(hasCert ? "key" : "cert")}-{i}.pem";
                Add(CheckRules.IdentityIncomplete.Finding(present, $"{present} has no {missing} (QEMU 10.2 refuses the directory: \"{(hasCert ? "Cert" : "Key")} ... without corresponding {(hasCert ? "key" : "cert")}\")"));
            }
        }

        if (ignored.Count > 0)
        {
            var why = loaded > 3 ? "QEMU 10.2 reads indices 0 to 3 only" : $"{EndpointName}-cert-{loaded}.pem/{EndpointName}-key-{loaded}.pem is not a complete pair, and QEMU 10.2 stops at the first missing index";
            Add(CheckRules.NumberedIdentityGap.Finding($"{EndpointName}-cert-{ignored[0]}.pem",
                $"numbered identities {string.Join(", ", ignored)} are never loaded: {why}",
                $"renumber them from {loaded} without gaps"));
        }
    }

    private void CaFile()
    {
        var bytes = Read(TlsCredsFiles.CaCert);
        if (bytes is null)
        {
            return;
        }

        var rc = X509Cert.ImportPemList(bytes, out var cas);
        if (rc < 0 || cas.Count == 0)
        {
            ReportUnparsable(TlsCredsFiles.CaCert, bytes, "CA certificates", CertLabels, rc < 0 ? rc : Interop.GnuTls.GNUTLS_E_NO_CERTIFICATE_FOUND);
            return;
        }

        _cas = cas;
        _caBytes = bytes;
        cas.ForEach(c => Own(c));
        if (cas.Count > X509Certificates.MaxCaCertificates)
        {
            Add(CheckRules.TooManyCas.Finding(TlsCredsFiles.CaCert, $"ca-cert.pem holds {cas.Count} certificates; QEMU 7.2 imports at most {X509Certificates.MaxCaCertificates}"));
        }

        var details = new List<string>();
        foreach (var ca in cas)
        {
            details.Add($"{ca.Subject} ({(ca.SelfSigned ? "self-signed root" : $"issued by {ca.Issuer}")}; {ca.KeyDescription}; {ca.SignatureAlgorithmName}; until {Date(ca.NotAfter)})");
            CheckCommon(ca, TlsCredsFiles.CaCert, "the CA certificate");
            if (ca.IsCA && ca.KeyUsage is { } ku && !ca.KeyUsageCritical && (ku & Interop.GnuTls.GNUTLS_KEY_KEY_CERT_SIGN) == 0)
            {
                Add(CheckRules.KeyUsageMismatch.Finding(TlsCredsFiles.CaCert,
                    $"CA '{ca.Subject}' has a keyUsage without keyCertSign: QEMU's own check ignores it (not critical), but GnuTLS will not accept certificates it signed"));
            }

            if (!ca.SignatureSecure && ca.SelfSigned)
            {
                Add(CheckRules.WeakSignature.Finding(TlsCredsFiles.CaCert,
                    $"CA '{ca.Subject}' signs itself with {ca.SignatureAlgorithmName}; GnuTLS does not check a root's self-signature, but other TLS stacks reject it"));
            }
        }

        foreach (var ca in cas.Where(c => !c.SelfSigned && !cas.Any(other => other != c && c.IsIssuedBy(other))))
        {
            Add(CheckRules.CaChainIncomplete.Finding(TlsCredsFiles.CaCert,
                $"ca-cert.pem holds '{ca.Subject}' but not its issuer '{ca.Issuer}' (QEMU 10.2: \"Cert '{ca.Subject}' has no issuer in CA chain\")"));
        }

        _files.Add(new CertDirFileSummary(TlsCredsFiles.CaCert, cas.Count == 1 ? "CA certificate" : $"{cas.Count} CA certificates", details));
    }

    /// <summary>Expiry warning and key strength, for any certificate.</summary>
    private void CheckCommon(X509Cert cert, string file, string what)
    {
        var left = cert.NotAfter - _now;
        if (left > TimeSpan.Zero && left < TimeSpan.FromDays(_options.WarnDays) && cert.NotBefore <= _now)
        {
            var days = (int)Math.Floor(left.TotalDays);
            Add(CheckRules.ExpiresSoon.Finding(file,
                $"{what} '{cert.Subject}' expires {(days == 0 ? "within a day" : days == 1 ? "in 1 day" : $"in {days} days")}, on {Date(cert.NotAfter)} (warning window: {_options.WarnDays} days)"));
        }

    }

    private void OwnCertificate()
    {
        var name = CertName;
        var bytes = Read(name);
        if (bytes is null)
        {
            return;
        }

        var rc = X509Cert.ImportPemList(bytes, out var chain);
        if (rc < 0 || chain.Count == 0)
        {
            ReportUnparsable(name, bytes, "a certificate", CertLabels, rc < 0 ? rc : Interop.GnuTls.GNUTLS_E_NO_CERTIFICATE_FOUND);
            return;
        }

        chain.ForEach(c => Own(c));
        var first = chain[0];
        var leaf = first;
        if (first.IsCA && chain.Skip(1).FirstOrDefault(c => !c.IsCA) is { } realLeaf)
        {
            leaf = realLeaf;
            Add(CheckRules.ChainOutOfOrder.Finding(name,
                $"{name} starts with the CA certificate '{first.Subject}'; its leaf '{realLeaf.Subject}' is certificate #{chain.IndexOf(realLeaf) + 1}. QEMU takes the first certificate as its own",
                $"write the leaf first: put '{realLeaf.Subject}' before the CA certificates in {name}"));
        }
        else
        {
            for (var i = 1; i < chain.Count; i++)
            {
                if (!chain[i - 1].IsIssuedBy(chain[i]))
                {
                    Add(CheckRules.ChainExtraCert.Finding(name, $"certificate #{i + 1} in {name} ('{chain[i].Subject}') did not issue certificate #{i} ('{chain[i - 1].Subject}')"));
                }
            }
        }

        _leaf = leaf;
        _certBytes = bytes;
        _leafIndex = chain.IndexOf(leaf);
        if (leaf.PkAlgorithm < 0 && CrlFile.Certificates(bytes).ElementAtOrDefault(_leafIndex) is { } parsed
            && KeyForms.UnsupportedCurve(parsed.SubjectPublicKeyInfo.Algorithm) is { } curve)
        {
            Add(CheckRules.KeyUnsupported.Finding(name, $"{name} holds a public key on {curve}, which GnuTLS does not support: no GnuTLS peer (QEMU) can use it"));
        }

        HandshakeUsable(leaf, name);
        CheckCommon(leaf, name, $"the {EndpointName} certificate");
        var details = new List<string>
        {
            $"subject {leaf.Subject}",
            $"issuer {leaf.Issuer}",
            leaf.DnsNames.Count + leaf.IpAddresses.Count > 0 ? $"names {string.Join(", ", leaf.Names)}" : "names: none (no subjectAltName)",
            $"{leaf.KeyDescription}; {leaf.SignatureAlgorithmName}; valid {Date(leaf.NotBefore)} to {Date(leaf.NotAfter)}",
        };
        if (chain.Count > 1)
        {
            details.Add($"+ {chain.Count - 1} more certificate(s) in the file: {string.Join(", ", chain.Where(c => c != leaf).Select(c => $"'{c.Subject}'"))}");
        }

        _files.Add(new CertDirFileSummary(name, $"{EndpointName} certificate", details));
        // Out of order or not, the chain may still be complete: find the leaf's issuers wherever they are.
        ChainOfTrust(leaf, chain, name);

        KeyPurposeAndUsage(leaf, name);
        if (_isServer)
        {
            ServerNames(leaf, name);
        }
    }

    private void ChainOfTrust(X509Cert leaf, List<X509Cert> chain, string name)
    {
        if (_cas.Count == 0)
        {
            return;
        }

        if (_cas.FirstOrDefault(leaf.IsIssuedBy) is not null)
        {
            uint status;
            try
            {
                status = X509Cert.Verify([leaf], _cas);
            }
            catch (InvalidOperationException e)
            {
                Add(CheckRules.ChainUntrusted.Finding(name, $"{name}: {e.Message}"));
                return;
            }

            if ((status & ~Interop.GnuTls.GNUTLS_CERT_INVALID) == Interop.GnuTls.GNUTLS_CERT_INSECURE_ALGORITHM)
            {
                Add(CheckRules.WeakSignature.Finding(name, $"{name} is signed with {leaf.SignatureAlgorithmName}, which GnuTLS refuses in certificates",
                    severity: FindingSeverity.Error));
            }
            else if (status != 0 && (status & ~Interop.GnuTls.GNUTLS_CERT_INVALID) != 0)
            {
                Add(CheckRules.ChainUntrusted.Finding(name, $"{name} does not verify against ca-cert.pem: {X509Cert.DescribeStatus(status)}"));
            }

            return;
        }

        // Not issued by a CA in ca-cert.pem: follow the chain in the certificate file.
        var top = leaf;
        var path = new List<X509Cert>();
        while (chain.FirstOrDefault(c => c != top && !path.Contains(c) && top.IsIssuedBy(c)) is { } next)
        {
            path.Add(next);
            top = next;
        }

        var caNames = string.Join(", ", _cas.Select(c => $"'{c.Subject}'"));
        if (path.Count > 0 && (_cas.Any(top.IsIssuedBy) || _cas.Any(c => c.Subject == top.Subject && top.SelfSigned)))
        {
            var intermediates = path.Where(p => !_cas.Any(c => c.Subject == p.Subject)).ToList();
            Add(CheckRules.IntermediateNotInCaFile.Finding(name,
                $"{name} is issued by the intermediate CA '{path[0].Subject}', which is in {name} but not in ca-cert.pem: QEMU 7.2 verifies its own certificate against ca-cert.pem alone",
                $"append the intermediate(s) to ca-cert.pem (certificates #{string.Join(", #", intermediates.Select(i => chain.IndexOf(i) + 1))} of {name})"));
            return;
        }

        var missing = path.Count > 0 ? top.Issuer : leaf.Issuer;
        Add(CheckRules.IssuerNotFound.Finding(name,
            $"{name} was issued by '{missing}', which is not in ca-cert.pem (it holds {caNames}){(path.Count > 0 ? $" nor in {name}" : string.Empty)}",
            $"put the certificate of '{missing}' into ca-cert.pem, or reissue {name} from a CA in ca-cert.pem"));
    }

    private void KeyPurposeAndUsage(X509Cert leaf, string name)
    {
        if (leaf.KeyPurposes is { } purposes && !leaf.KeyPurposesCritical)
        {
            var wanted = _isServer ? ServerAuth : ClientAuth;
            if (!purposes.Contains(wanted) && !purposes.Contains(AnyPurpose))
            {
                Add(CheckRules.KeyPurposeMismatch.Finding(name,
                    $"{name}'s extendedKeyUsage lacks {(_isServer ? "serverAuth (TLS WWW server)" : "clientAuth (TLS WWW client)")}; QEMU ignores it because the extension is not critical, other TLS peers refuse the certificate"));
            }
        }

        if (leaf.KeyUsage is { } usage && !leaf.KeyUsageCritical && (usage & Interop.GnuTls.GNUTLS_KEY_DIGITAL_SIGNATURE) == 0)
        {
            Add(CheckRules.KeyUsageMismatch.Finding(name,
                $"{name}'s keyUsage lacks digitalSignature; QEMU ignores it because the extension is not critical, but TLS 1.3 and ECDHE handshakes need it"));
        }
    }

    private void ServerNames(X509Cert leaf, string name)
    {
        if (leaf.DnsNames.Count + leaf.IpAddresses.Count == 0)
        {
            Add(CheckRules.NoSubjectAltName.Finding(name, $"{name} has no subjectAltName: clients can only match its CN ('{leaf.Subject}'), which newer libvirt and most TLS stacks ignore"));
        }

        foreach (var host in _options.Hostnames)
        {
            if (!leaf.MatchesHostname(host))
            {
                var covers = leaf.DnsNames.Count + leaf.IpAddresses.Count > 0 ? string.Join(", ", leaf.Names) : $"only its subject {leaf.Subject}";
                Add(CheckRules.HostnameMismatch.Finding(name, $"{name} does not cover '{host}': clients dialling it fail with \"Certificate does not match the hostname {host}\"; it covers {covers}",
                    new Advice("reissue with the name: {0}", CertDirActions.Create($"a certificate for {host} from the CA (CADIR)", CertDirActions.Dir, CertDirActions.CaDir(),
                        System.Net.IPAddress.TryParse(host, out _) ? CertDirActions.Ip(host) : CertDirActions.Hostname(host)))));
            }
        }
    }
}
