using static Qcrypto.TestCerts.KeyUsageFlags;

namespace Qcrypto.TestCerts;

// tests/unit/test-crypto-tlscredsx509.c, case by case. Each case records three verdicts:
//  - NewerQemu: the expectation written in the newer test file (pass/fail only);
//  - Qemu72: what QEMU 7.2.22 (Debian 12) does with the same directory, worked out from 7.2's tlscredsx509.c
//    (path checks; then sanity check: own cert [times, basicConstraints, keyUsage, extendedKeyUsage], every
//    CA in ca-cert.pem [times, basicConstraints, keyUsage], then gnutls_x509_crt_list_verify of the pair;
//    then GnuTLS loads CA, cert+key, CRL). The tests confirm every one against the installed qemu-img.
//  - Qemu72Pre22: the same plus the keyEncipherment demand that 7.2.0-7.2.21 still made.
public static partial class QemuTestCerts
{
    private static IReadOnlyList<Scenario> BuildCredsX509(QemuTestEdition edition)
    {
        // The only difference between the editions: whether a leaf's critical keyUsage includes keyEncipherment.
        var leafKu = edition == QemuTestEdition.Qemu72 ? DigitalSignature | KeyEncipherment : DigitalSignature;
        var cases = new List<Scenario>();

        IssuedCert Root(string cn, BasicConstraintsExtension? bc, KeyUsageExtension? ku, int start = 0, int expire = 0) =>
            QemuTestRequests.Request("UK", cn, null, bc, ku, null, start, expire).Issue();
        IssuedCert Cert(IssuedCert ca, string cn, KeyUsageExtension? ku, ExtendedKeyUsageExtension? eku,
            bool isCA = false, int start = 0, int expire = 0) =>
            QemuTestRequests.Request("UK", cn, ca, new(true, isCA), ku, eku, start, expire).Issue();
        KeyUsageExtension Ku(bool critical, KeyUsageFlags flags) => new(critical, flags);
        ExtendedKeyUsageExtension Eku(bool critical, params string[] oids) => new(critical, oids);
        IssuedCert Server(IssuedCert ca, string cn = "qemu.org", int start = 0, int expire = 0) =>
            Cert(ca, cn, Ku(true, leafKu), Eku(true, KeyPurposeOids.ServerAuth), start: start, expire: expire);
        IssuedCert Client(IssuedCert ca, string cn = "qemu", int start = 0, int expire = 0) =>
            Cert(ca, cn, Ku(true, leafKu), Eku(true, KeyPurposeOids.ClientAuth), start: start, expire: expire);

        void Add(string name, Endpoint endpoint, IssuedCert[]? cas, IssuedCert? leaf, bool newerPasses, Verdict qemu72,
            string description, IssuedCert? keyOnly = null)
        {
            var dir = new CertDirWriter();
            if (cas is not null)
            {
                dir.CaCerts(cas);
            }

            // Like QEMU's harness: the key file is always there, the cert only when the case has one.
            if (leaf is not null)
            {
                dir.Identity(endpoint, leaf);
            }
            else if (keyOnly is not null)
            {
                dir.Identity(endpoint, keyOnly).Remove(QemuFileNames.CertFor(endpoint));
            }

            cases.Add(new Scenario(name, endpoint, dir.Build())
            {
                Description = description,
                NewerQemu = newerPasses ? Verdict.Pass : Verdict.Fail(),
                Qemu72 = qemu72,
                // A missing ca-cert.pem is reported while resolving paths, before any certificate is looked at.
                Qemu72Pre22 = (cas is null ? null : Qemu72Pre22LeafKeyEnciphermentGate(leaf, endpoint)) ?? qemu72,
                Leaf = leaf,
                CaCerts = cas ?? [],
            });
        }

        var S = Endpoint.Server;
        var C = Endpoint.Client;
        const string Sc = "{dir}/" + QemuFileNames.ServerCert;
        const string Cc = "{dir}/" + QemuFileNames.ClientCert;
        const string Ca = "{dir}/" + QemuFileNames.CaCert;

        // A perfect CA, perfect client & perfect server.
        var cacert = Root("qemu CA", new(true, true), Ku(true, KeyCertSign));
        var servercert = Server(cacert);
        var clientcert = Client(cacert);
        Add("perfectserver", S, [cacert], servercert, true, Verdict.Pass, "BC crit CA + KU crit certSign CA; standard server");
        Add("perfectclient", C, [cacert], clientcert, true, Verdict.Pass, "standard client");

        // Some other CAs which are good.
        var cacert1 = Root("qemu CA 1", new(true, true), null);
        var cacert2 = Root("qemu CA 2", new(false, true), null);
        var cacert3 = Root("qemu CA 3", new(true, true), Ku(true, KeyCertSign));
        var servercert1 = Server(cacert1);
        Add("goodca1", S, [cacert1], servercert1, true, Verdict.Pass, "CA: BC critical, no keyUsage");
        Add("goodca2", S, [cacert2], Server(cacert2), true, Verdict.Pass, "CA: BC non-critical, no keyUsage");
        Add("goodca3", S, [cacert3], Server(cacert3), true, Verdict.Pass, "CA: BC critical, KU critical keyCertSign");

        // Now some bad CAs.
        var cacert4 = Root("qemu CA 4", new(true, true), Ku(false, DigitalSignature));
        var cacert5 = Root("qemu CA 5", null, null);
        var cacert6 = Root("qemu CA 6", new(true, true), Ku(true, DigitalSignature));
        Add("badca1", S, [cacert4], Server(cacert4), false,
            Verdict.Fail($"Our own certificate {Sc} failed validation against {Ca}: The certificate is not trusted"),
            "CA: KU non-critical digitalSignature only; QEMU's own check lets a non-critical KU pass, GnuTLS's chain check does not");
        Add("badca2", S, [cacert5], Server(cacert5), false,
            Verdict.Fail($"The certificate {Ca} is missing basic constraints for a CA"), "CA: no basicConstraints at all");
        Add("badca3", S, [cacert6], Server(cacert6), false,
            Verdict.Fail($"Certificate {Ca} usage does not permit certificate signing"), "CA: KU critical digitalSignature only");

        // Various good servers.
        Add("goodserver1", S, [cacert], Cert(cacert, "qemu", null, null), true, Verdict.Pass, "server: no KU, no EKU");
        Add("goodserver2", S, [cacert], Cert(cacert, "qemu", Ku(true, leafKu | KeyCertSign), null), true, Verdict.Pass,
            "server: KU critical digitalSignature + keyCertSign");
        Add("goodserver3", S, [cacert], Cert(cacert, "qemu", Ku(false, KeyCertSign), null), true, Verdict.Pass,
            "server: KU non-critical keyCertSign only (ignored: not critical)");
        Add("goodserver4", S, [cacert], Cert(cacert, "qemu", null, Eku(true, KeyPurposeOids.ServerAuth)), true, Verdict.Pass,
            "server: EKU critical serverAuth, no KU");
        Add("goodserver5", S, [cacert], Cert(cacert, "qemu", null, Eku(false, KeyPurposeOids.ServerAuth)), true, Verdict.Pass,
            "server: EKU non-critical serverAuth");
        Add("goodserver6", S, [cacert], Cert(cacert, "qemu", null, Eku(true, KeyPurposeOids.ClientAuth, KeyPurposeOids.ServerAuth)),
            true, Verdict.Pass, "server: EKU critical clientAuth + serverAuth");
        Add("goodserver7", S, [cacert], Cert(cacert, "qemu", null, Eku(false, KeyPurposeOids.ClientAuth, KeyPurposeOids.ServerAuth)),
            true, Verdict.Pass, "server: EKU non-critical clientAuth + serverAuth");

        // Bad servers.
        Add("badserver1", S, [cacert], Cert(cacert, "qemu", Ku(true, KeyCertSign), null), false,
            Verdict.Fail($"Certificate {Sc} usage does not permit digital signature"), "server: KU critical keyCertSign only");
        Add("badserver2", S, [cacert], Cert(cacert, "qemu", null, Eku(true, KeyPurposeOids.ClientAuth)), false,
            Verdict.Fail($"Certificate {Sc} purpose does not allow use with a TLS server"), "server: EKU critical clientAuth only");
        Add("badserver3", S, [cacert], Cert(cacert, "qemu", Ku(true, None), null), false,
            Verdict.Fail($"Certificate {Sc} usage does not permit digital signature"), "server: KU critical with no bit set");

        // Various good clients.
        Add("goodclient1", C, [cacert], Cert(cacert, "qemu", null, null), true, Verdict.Pass, "client: no KU, no EKU");
        Add("goodclient2", C, [cacert], Cert(cacert, "qemu", Ku(true, leafKu | KeyCertSign), null), true, Verdict.Pass,
            "client: KU critical digitalSignature + keyCertSign");
        Add("goodclient3", C, [cacert], Cert(cacert, "qemu", Ku(false, KeyCertSign), null), true, Verdict.Pass,
            "client: KU non-critical keyCertSign only");
        Add("goodclient4", C, [cacert], Cert(cacert, "qemu", null, Eku(true, KeyPurposeOids.ClientAuth)), true, Verdict.Pass,
            "client: EKU critical clientAuth");
        Add("goodclient5", C, [cacert], Cert(cacert, "qemu", null, Eku(false, KeyPurposeOids.ClientAuth)), true, Verdict.Pass,
            "client: EKU non-critical clientAuth");
        Add("goodclient6", C, [cacert], Cert(cacert, "qemu", null, Eku(true, KeyPurposeOids.ClientAuth, KeyPurposeOids.ServerAuth)),
            true, Verdict.Pass, "client: EKU critical clientAuth + serverAuth");
        Add("goodclient7", C, [cacert], Cert(cacert, "qemu", null, Eku(false, KeyPurposeOids.ClientAuth, KeyPurposeOids.ServerAuth)),
            true, Verdict.Pass, "client: EKU non-critical clientAuth + serverAuth");

        // Bad clients.
        Add("badclient1", C, [cacert], Cert(cacert, "qemu", Ku(true, KeyCertSign), null), false,
            Verdict.Fail($"Certificate {Cc} usage does not permit digital signature"), "client: KU critical keyCertSign only");
        Add("badclient2", C, [cacert], Cert(cacert, "qemu", null, Eku(true, KeyPurposeOids.ServerAuth)), false,
            Verdict.Fail($"Certificate {Cc} purpose does not allow use with a TLS client"), "client: EKU critical serverAuth only");
        Add("badclient3", C, [cacert], Cert(cacert, "qemu", Ku(true, None), null), false,
            Verdict.Fail($"Certificate {Cc} usage does not permit digital signature"), "client: KU critical with no bit set");

        // Expired stuff (QEMU's expire offset -1: from now until an hour ago).
        var cacertexp = Root("qemu", new(true, true), Ku(true, KeyCertSign), 0, -1);
        Add("expired1", S, [cacertexp], Server(cacertexp), false,
            Verdict.Fail($"The CA certificate {Ca} has expired"), "CA expired an hour ago");
        Add("expired2", S, [cacert], Server(cacert, "qemu", 0, -1), false,
            Verdict.Fail($"The server certificate {Sc} has expired"), "server cert expired an hour ago");
        Add("expired3", C, [cacert], Client(cacert, "qemu", 0, -1), false,
            Verdict.Fail($"The client certificate {Cc} has expired"), "client cert expired an hour ago");

        // Not activated stuff (start +1h, end +2h).
        var cacertnew = Root("qemu", new(true, true), Ku(true, KeyCertSign), 1, 2);
        Add("inactive1", S, [cacertnew], Server(cacertnew, "qemu"), false,
            Verdict.Fail($"The CA certificate {Ca} is not yet active"), "CA valid from an hour from now");
        Add("inactive2", S, [cacert], Server(cacert, "qemu", 1, 2), false,
            Verdict.Fail($"The server certificate {Sc} is not yet active"), "server cert valid from an hour from now");
        Add("inactive3", C, [cacert], Client(cacert, "qemu", 1, 2), false,
            Verdict.Fail($"The client certificate {Cc} is not yet active"), "client cert valid from an hour from now");

        // A chain: root -> level1a -> level2a -> server; root -> level1b -> client.
        var chain = ChainOfCAs();
        Add("chain1", S, chain.CaFile, Server(chain.Level2a), true, Verdict.Pass,
            "ca-cert.pem = [root, level1a, level1b, level2a]; server cert issued by level2a");
        Add("chain2", C, chain.CaFile, Client(chain.Level1b, "qemu client level 2b"), true, Verdict.Pass,
            "same CA file; client cert issued by level1b");

        // Missing files: the key file is still written.
        Add("missingca", S, null, servercert1, false,
            Verdict.Fail($"Unable to access credentials {Ca}: No such file or directory"), "no ca-cert.pem");
        Add("missingserver", S, [cacert1], null, false,
            Verdict.Fail($"Unable to access credentials {Sc}: No such file or directory"), "no server-cert.pem (key present)",
            keyOnly: servercert1);
        Add("missingclient", C, [cacert1], null, true, Verdict.Pass,
            "no client-cert.pem (key present): a client cert is optional, and a lone key is ignored", keyOnly: servercert1);

        return cases;
    }

    /// <summary>
    /// QEMU 7.2.0-7.2.21 also demand keyEncipherment of a leaf whose keyUsage is critical, checked right after the
    /// leaf's times, basicConstraints and digitalSignature and before everything else, so it decides any case whose
    /// leaf lacks it.
    /// </summary>
    private static Verdict? Qemu72Pre22LeafKeyEnciphermentGate(IssuedCert? leaf, Endpoint endpoint)
    {
        if (leaf?.Request is not { KeyUsage: { Critical: true } ku } request)
        {
            return null;
        }

        var timesOk = request.Validity.NotBefore <= TimeSpan.Zero && request.Validity.NotAfter > TimeSpan.Zero;
        var notCA = request.BasicConstraints is not { IsCA: true };
        if (timesOk && notCA && ku.Flags.HasFlag(DigitalSignature) && !ku.Flags.HasFlag(KeyEncipherment))
        {
            return Verdict.Fail($"Certificate {{dir}}/{QemuFileNames.CertFor(endpoint)} usage does not permit key encipherment");
        }

        return null;
    }

    private sealed record CaChain(IssuedCert Root, IssuedCert Level1a, IssuedCert Level1b, IssuedCert Level2a)
    {
        public IssuedCert[] CaFile => [Root, Level1a, Level1b, Level2a];
    }

    /// <summary>QEMU's cacertrootreq / cacertlevel1areq / 1breq / 2areq: all BC critical CA, KU critical keyCertSign.</summary>
    private static CaChain ChainOfCAs()
    {
        IssuedCert Ca(string cn, IssuedCert? issuer) => QemuTestRequests.Request("UK", cn, issuer,
            BasicConstraintsExtension.CriticalCA, new(true, KeyCertSign), null).Issue();
        var root = Ca("qemu root", null);
        var level1a = Ca("qemu level 1a", root);
        var level1b = Ca("qemu level 1b", root);
        var level2a = Ca("qemu level 2a", level1a);
        return new CaChain(root, level1a, level1b, level2a);
    }
}
