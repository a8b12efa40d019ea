using System.Net;
using static Qcrypto.TestCerts.KeyUsageFlags;

namespace Qcrypto.TestCerts;

// tests/unit/test-crypto-tlssession.c. Its creds use sanity-check=no, so the verdicts are those of
// qcrypto_tls_session_check_credentials after a completed handshake, worded as QEMU 7.2 words them (the tests
// confirm each one through qemu-nbd and qemu-img 7.2.22).
public static partial class QemuTestCerts
{
    private static IReadOnlyList<SessionScenario> BuildSessions()
    {
        var cases = new List<SessionScenario>();

        // PSK: QEMU's helper writes one line for user "qemu" and both sides share the directory.
        var psk = new PskFile().AddHex("qemu", PskFile.QemuTestKeyHex);
        var pskDir = new CertDirWriter().Psk(psk).Build();
        cases.Add(new SessionScenario("psk", CredsType.Psk, pskDir, pskDir)
        {
            Description = "tls-creds-psk on both sides, keys.psk \"qemu:" + PskFile.QemuTestKeyHex + "\"",
            PskUsername = "qemu",
        });

        // Session leaves all use KU critical digitalSignature + keyEncipherment and a critical EKU.
        const KeyUsageFlags LeafKu = DigitalSignature | KeyEncipherment;
        IssuedCert Leaf(IssuedCert ca, string cn, string purpose, string[]? dns = null, string[]? ips = null) =>
            (QemuTestRequests.Request("UK", cn, ca, BasicConstraintsExtension.CriticalLeaf, new(true, LeafKu), new(true, purpose)) with
            {
                DnsNames = dns ?? [],
                IpAddresses = (ips ?? []).Select(IPAddress.Parse).ToArray(),
            }).Issue();

        var cacert = QemuTestRequests.Request("UK", "qemu CA", null, BasicConstraintsExtension.CriticalCA, new(true, KeyCertSign), null).Issue();
        var altcacert = QemuTestRequests.Request("UK", "qemu CA 1", null, BasicConstraintsExtension.CriticalCA, null, null).Issue();
        var servercert = Leaf(cacert, "qemu.org", KeyPurposeOids.ServerAuth);
        var clientcert = Leaf(cacert, "qemu", KeyPurposeOids.ClientAuth);
        var clientcertalt = Leaf(altcacert, "qemu", KeyPurposeOids.ClientAuth);
        // "When an altname is set, the CN is ignored, so it must be duplicated as an altname for it to match."
        var servercertalt1 = Leaf(cacert, "qemu.org", KeyPurposeOids.ServerAuth,
            ["www.qemu.org", "qemu.org"], ["192.168.122.1", "fec0::dead:beaf"]);
        // "This intentionally doesn't replicate" the CN into the SANs.
        var servercertalt2 = Leaf(cacert, "qemu.org", KeyPurposeOids.ServerAuth,
            ["www.qemu.org", "wiki.qemu.org"], ["192.168.122.1", "fec0::dead:beaf"]);

        void Add(string name, IssuedCert[] serverCa, IssuedCert[] clientCa, IssuedCert server, IssuedCert client,
            Verdict serverCheck, Verdict clientCheck, string hostname, string[]? globs, string description)
        {
            cases.Add(new SessionScenario(name, CredsType.X509,
                new CertDirWriter().CaCerts(serverCa).Server(server).Build(),
                new CertDirWriter().CaCerts(clientCa).Client(client).Build())
            {
                Description = description,
                ClientHostname = hostname,
                AuthzGlobs = globs,
                ServerCheck = serverCheck,
                ClientCheck = clientCheck,
                ServerCert = server,
                ClientCert = client,
            });
        }

        var pass = Verdict.Pass;
        // differentca: the client sees the server's certificate come from a stranger. The server never gets to
        // judge the client's: the server's CertificateRequest names only its own CA, and a GnuTLS client whose
        // certificate was issued by none of the named CAs sends no certificate at all.
        var unknownIssuer = Verdict.Fail("The certificate hasn't got a known issuer");
        var noClientCert = Verdict.Fail("Verify failed: No certificate was found.");
        Verdict HostMismatch(string host) => Verdict.Fail($"Certificate does not match the hostname {host}");
        var denied = Verdict.Fail("TLS x509 authz check for C=UK,CN=qemu is denied");

        Add("basicca", [cacert], [cacert], servercert, clientcert, pass, pass, "qemu.org", null, "one CA for both");
        Add("differentca", [cacert], [altcacert], servercert, clientcertalt, noClientCert, unknownIssuer, "qemu.org", null,
            "server trusts cacert, client trusts altcacert; each peer's cert comes from the other CA");

        Add("altname1", [cacert], [cacert], servercertalt1, clientcert, pass, pass, "qemu.org", null, "SAN DNS repeats the CN");
        Add("altname2", [cacert], [cacert], servercertalt1, clientcert, pass, pass, "www.qemu.org", null, "SAN DNS match");
        Add("altname3", [cacert], [cacert], servercertalt1, clientcert, pass, HostMismatch("wiki.qemu.org"), "wiki.qemu.org", null,
            "hostname in no SAN");
        Add("altname4", [cacert], [cacert], servercertalt1, clientcert, pass, pass, "192.168.122.1", null, "SAN IPv4 match");
        Add("altname5", [cacert], [cacert], servercertalt1, clientcert, pass, pass, "fec0::dead:beaf", null, "SAN IPv6 match");
        Add("altname6", [cacert], [cacert], servercertalt2, clientcert, pass, HostMismatch("qemu.org"), "qemu.org", null,
            "the CN is ignored once SAN DNS names exist");
        Add("altname7", [cacert], [cacert], servercertalt2, clientcert, pass, pass, "www.qemu.org", null, "SAN DNS match");
        Add("altname8", [cacert], [cacert], servercertalt2, clientcert, pass, pass, "wiki.qemu.org", null, "SAN DNS match");

        Add("wildcard1", [cacert], [cacert], servercert, clientcert, denied, pass, "qemu.org", ["C=UK,CN=dogfood"], "no glob matches");
        Add("wildcard2", [cacert], [cacert], servercert, clientcert, pass, pass, "qemu.org", ["C=UK,CN=qemu"], "exact DN");
        Add("wildcard3", [cacert], [cacert], servercert, clientcert, pass, pass, "qemu.org", ["C=UK,CN=dogfood", "C=UK,CN=qemu"],
            "second rule matches");
        Add("wildcard4", [cacert], [cacert], servercert, clientcert, denied, pass, "qemu.org", ["C=UK,CN=qemustuff"],
            "a longer name does not match");
        Add("wildcard5", [cacert], [cacert], servercert, clientcert, pass, pass, "qemu.org", ["C=UK,CN=qemu*"], "trailing *");
        Add("wildcard6", [cacert], [cacert], servercert, clientcert, pass, pass, "qemu.org", ["C=UK,CN=*emu*"], "* on both sides");

        var chain = ChainOfCAs();
        var servercertlevel3a = Leaf(chain.Level2a, "qemu.org", KeyPurposeOids.ServerAuth);
        var clientcertlevel2b = Leaf(chain.Level1b, "qemu client level 2b", KeyPurposeOids.ClientAuth);
        Add("cachain", chain.CaFile, chain.CaFile, servercertlevel3a, clientcertlevel2b, pass, pass, "qemu.org", null,
            "ca-cert.pem = [root, level1a, level1b, level2a] on both sides");

        return cases;
    }
}
