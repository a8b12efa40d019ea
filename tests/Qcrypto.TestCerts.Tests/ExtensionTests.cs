using Qcrypto.TestCerts.Tests.Support;

namespace Qcrypto.TestCerts.Tests;

/// <summary>
/// What OpenSSL reads from each certificate of QEMU's tlscredsx509 table equals what QEMU's test source asks
/// for. The expectations below are transcribed from tests/unit/test-crypto-tlscredsx509.c, not derived from
/// the generator, so a wrong request in the generator fails here. Notation: "-" absent, "!" critical.
/// </summary>
public class ExtensionTests
{
    private const string Srv = "TLS Web Server Authentication";
    private const string Cli = "TLS Web Client Authentication";

    // $KU is the base leaf keyUsage: "Digital Signature" (newer table) or "Digital Signature, Key Encipherment" (7.2's).
    public static TheoryData<string, string, string, string, string, string, string, string> Table => new()
    {
        // name, CA subject, CA BC, CA KU, leaf subject, leaf BC, leaf KU, leaf EKU
        { "perfectserver", "C=UK,CN=qemu CA", "!CA:TRUE", "!Certificate Sign", "C=UK,CN=qemu.org", "!CA:FALSE", "!$KU", "!" + Srv },
        { "perfectclient", "C=UK,CN=qemu CA", "!CA:TRUE", "!Certificate Sign", "C=UK,CN=qemu", "!CA:FALSE", "!$KU", "!" + Cli },
        { "goodca1", "C=UK,CN=qemu CA 1", "!CA:TRUE", "-", "C=UK,CN=qemu.org", "!CA:FALSE", "!$KU", "!" + Srv },
        { "goodca2", "C=UK,CN=qemu CA 2", "CA:TRUE", "-", "C=UK,CN=qemu.org", "!CA:FALSE", "!$KU", "!" + Srv },
        { "goodca3", "C=UK,CN=qemu CA 3", "!CA:TRUE", "!Certificate Sign", "C=UK,CN=qemu.org", "!CA:FALSE", "!$KU", "!" + Srv },
        { "badca1", "C=UK,CN=qemu CA 4", "!CA:TRUE", "Digital Signature", "C=UK,CN=qemu.org", "!CA:FALSE", "!$KU", "!" + Srv },
        { "badca2", "C=UK,CN=qemu CA 5", "-", "-", "C=UK,CN=qemu.org", "!CA:FALSE", "!$KU", "!" + Srv },
        { "badca3", "C=UK,CN=qemu CA 6", "!CA:TRUE", "!Digital Signature", "C=UK,CN=qemu.org", "!CA:FALSE", "!$KU", "!" + Srv },
        { "goodserver1", "C=UK,CN=qemu CA", "!CA:TRUE", "!Certificate Sign", "C=UK,CN=qemu", "!CA:FALSE", "-", "-" },
        { "goodserver2", "C=UK,CN=qemu CA", "!CA:TRUE", "!Certificate Sign", "C=UK,CN=qemu", "!CA:FALSE", "!$KU, Certificate Sign", "-" },
        { "goodserver3", "C=UK,CN=qemu CA", "!CA:TRUE", "!Certificate Sign", "C=UK,CN=qemu", "!CA:FALSE", "Certificate Sign", "-" },
        { "goodserver4", "C=UK,CN=qemu CA", "!CA:TRUE", "!Certificate Sign", "C=UK,CN=qemu", "!CA:FALSE", "-", "!" + Srv },
        { "goodserver5", "C=UK,CN=qemu CA", "!CA:TRUE", "!Certificate Sign", "C=UK,CN=qemu", "!CA:FALSE", "-", Srv },
        { "goodserver6", "C=UK,CN=qemu CA", "!CA:TRUE", "!Certificate Sign", "C=UK,CN=qemu", "!CA:FALSE", "-", $"!{Cli}, {Srv}" },
        { "goodserver7", "C=UK,CN=qemu CA", "!CA:TRUE", "!Certificate Sign", "C=UK,CN=qemu", "!CA:FALSE", "-", $"{Cli}, {Srv}" },
        { "badserver1", "C=UK,CN=qemu CA", "!CA:TRUE", "!Certificate Sign", "C=UK,CN=qemu", "!CA:FALSE", "!Certificate Sign", "-" },
        { "badserver2", "C=UK,CN=qemu CA", "!CA:TRUE", "!Certificate Sign", "C=UK,CN=qemu", "!CA:FALSE", "-", "!" + Cli },
        { "badserver3", "C=UK,CN=qemu CA", "!CA:TRUE", "!Certificate Sign", "C=UK,CN=qemu", "!CA:FALSE", "!", "-" },
        { "goodclient1", "C=UK,CN=qemu CA", "!CA:TRUE", "!Certificate Sign", "C=UK,CN=qemu", "!CA:FALSE", "-", "-" },
        { "goodclient2", "C=UK,CN=qemu CA", "!CA:TRUE", "!Certificate Sign", "C=UK,CN=qemu", "!CA:FALSE", "!$KU, Certificate Sign", "-" },
        { "goodclient3", "C=UK,CN=qemu CA", "!CA:TRUE", "!Certificate Sign", "C=UK,CN=qemu", "!CA:FALSE", "Certificate Sign", "-" },
        { "goodclient4", "C=UK,CN=qemu CA", "!CA:TRUE", "!Certificate Sign", "C=UK,CN=qemu", "!CA:FALSE", "-", "!" + Cli },
        { "goodclient5", "C=UK,CN=qemu CA", "!CA:TRUE", "!Certificate Sign", "C=UK,CN=qemu", "!CA:FALSE", "-", Cli },
        { "goodclient6", "C=UK,CN=qemu CA", "!CA:TRUE", "!Certificate Sign", "C=UK,CN=qemu", "!CA:FALSE", "-", $"!{Cli}, {Srv}" },
        { "goodclient7", "C=UK,CN=qemu CA", "!CA:TRUE", "!Certificate Sign", "C=UK,CN=qemu", "!CA:FALSE", "-", $"{Cli}, {Srv}" },
        { "badclient1", "C=UK,CN=qemu CA", "!CA:TRUE", "!Certificate Sign", "C=UK,CN=qemu", "!CA:FALSE", "!Certificate Sign", "-" },
        { "badclient2", "C=UK,CN=qemu CA", "!CA:TRUE", "!Certificate Sign", "C=UK,CN=qemu", "!CA:FALSE", "-", "!" + Srv },
        { "badclient3", "C=UK,CN=qemu CA", "!CA:TRUE", "!Certificate Sign", "C=UK,CN=qemu", "!CA:FALSE", "!", "-" },
        { "expired1", "C=UK,CN=qemu", "!CA:TRUE", "!Certificate Sign", "C=UK,CN=qemu.org", "!CA:FALSE", "!$KU", "!" + Srv },
        { "expired2", "C=UK,CN=qemu CA", "!CA:TRUE", "!Certificate Sign", "C=UK,CN=qemu", "!CA:FALSE", "!$KU", "!" + Srv },
        { "expired3", "C=UK,CN=qemu CA", "!CA:TRUE", "!Certificate Sign", "C=UK,CN=qemu", "!CA:FALSE", "!$KU", "!" + Cli },
        { "inactive1", "C=UK,CN=qemu", "!CA:TRUE", "!Certificate Sign", "C=UK,CN=qemu", "!CA:FALSE", "!$KU", "!" + Srv },
        { "inactive2", "C=UK,CN=qemu CA", "!CA:TRUE", "!Certificate Sign", "C=UK,CN=qemu", "!CA:FALSE", "!$KU", "!" + Srv },
        { "inactive3", "C=UK,CN=qemu CA", "!CA:TRUE", "!Certificate Sign", "C=UK,CN=qemu", "!CA:FALSE", "!$KU", "!" + Cli },
        { "chain1", "C=UK,CN=qemu root", "!CA:TRUE", "!Certificate Sign", "C=UK,CN=qemu.org", "!CA:FALSE", "!$KU", "!" + Srv },
        { "chain2", "C=UK,CN=qemu root", "!CA:TRUE", "!Certificate Sign", "C=UK,CN=qemu client level 2b", "!CA:FALSE", "!$KU", "!" + Cli },
    };

    [Theory]
    [MemberData(nameof(Table))]
    public void OpenSslSeesQemusExtensionsNewerEdition(string name, string caSubject, string caBc, string caKu,
        string leafSubject, string leafBc, string leafKu, string leafEku) =>
        Check(QemuTestEdition.Newer, "Digital Signature", name, caSubject, caBc, caKu, leafSubject, leafBc, leafKu, leafEku);

    [Theory]
    [MemberData(nameof(Table))]
    public void OpenSslSeesQemusExtensions72Edition(string name, string caSubject, string caBc, string caKu,
        string leafSubject, string leafBc, string leafKu, string leafEku) =>
        Check(QemuTestEdition.Qemu72, "Digital Signature, Key Encipherment", name, caSubject, caBc, caKu, leafSubject, leafBc, leafKu, leafEku);

    [Fact]
    public void TheChainCAsAreWhatQemuAsksFor()
    {
        using var dir = new TempDir();
        var scenario = QemuTestCerts.CredsX509Case("chain1");
        string[] subjects = ["C=UK,CN=qemu root", "C=UK,CN=qemu level 1a", "C=UK,CN=qemu level 1b", "C=UK,CN=qemu level 2a"];
        string[] issuers = ["C=UK,CN=qemu root", "C=UK,CN=qemu root", "C=UK,CN=qemu root", "C=UK,CN=qemu level 1a"];
        Assert.Equal(4, scenario.CaCerts.Count);
        for (var i = 0; i < 4; i++)
        {
            var path = dir.Write($"ca{i}.pem", scenario.CaCerts[i].ToPem());
            Assert.Equal(subjects[i], Subject(path, "-subject"));
            Assert.Equal(issuers[i], Subject(path, "-issuer"));
            var ext = OpenSslExtensions.Read(path);
            Assert.Equal(("!CA:TRUE", "!Certificate Sign", "-"), (ext.BasicConstraints, ext.KeyUsage, ext.ExtendedKeyUsage));
        }

        Assert.Equal("C=UK,CN=qemu level 2a", Subject(dir.Write("leaf1.pem", scenario.Leaf!.ToPem()), "-issuer"));
        Assert.Equal("C=UK,CN=qemu level 1b",
            Subject(dir.Write("leaf2.pem", QemuTestCerts.CredsX509Case("chain2").Leaf!.ToPem()), "-issuer"));
    }

    [Fact]
    public void SessionAltNameCertificatesCarryQemusSans()
    {
        using var dir = new TempDir();
        var alt1 = OpenSslExtensions.Read(dir.Write("alt1.pem", QemuTestCerts.SessionCase("altname1").ServerCert!.ToPem()));
        Assert.Equal("DNS:www.qemu.org, DNS:qemu.org, IP Address:192.168.122.1, IP Address:FEC0:0:0:0:0:0:DEAD:BEAF", alt1.SubjectAltName);
        var alt2 = OpenSslExtensions.Read(dir.Write("alt2.pem", QemuTestCerts.SessionCase("altname6").ServerCert!.ToPem()));
        Assert.Equal("DNS:www.qemu.org, DNS:wiki.qemu.org, IP Address:192.168.122.1, IP Address:FEC0:0:0:0:0:0:DEAD:BEAF", alt2.SubjectAltName);
        var client = dir.Write("client.pem", QemuTestCerts.SessionCase("wildcard5").ClientCert!.ToPem());
        Assert.Equal("C=UK,CN=qemu", Subject(client, "-subject"));
        var ext = OpenSslExtensions.Read(client);
        Assert.Equal(new OpenSslExtensions("!CA:FALSE", "!Digital Signature, Key Encipherment", "!" + Cli, "-"), ext);
    }

    [Fact]
    public void SimpleRequestsFollowQemusMacros()
    {
        using var dir = new TempDir();
        var ca = QemuTestRequests.RootSimple().Issue();
        var caPath = dir.Write("ca.pem", ca.ToPem());
        Assert.Equal("CN=qemu-CA", Subject(caPath, "-subject"));
        Assert.Equal(new OpenSslExtensions("!CA:TRUE", "!Certificate Sign", "-", "-"), OpenSslExtensions.Read(caPath));

        var server = dir.Write("server.pem", QemuTestRequests.ServerSimple(ca, "qemu.org", "127.0.0.1").Issue().ToPem());
        Assert.Equal("CN=qemu.org", Subject(server, "-subject"));
        Assert.Equal(new OpenSslExtensions("!CA:FALSE", "!Digital Signature, Key Encipherment", "!" + Srv,
            "DNS:qemu.org, IP Address:127.0.0.1"), OpenSslExtensions.Read(server));

        var client = dir.Write("client.pem", QemuTestRequests.ClientSimple(ca, "ACME QEMU Client").Issue().ToPem());
        Assert.Equal("CN=ACME QEMU Client", Subject(client, "-subject"));
        Assert.Equal(new OpenSslExtensions("!CA:FALSE", "!Digital Signature, Key Encipherment", "!" + Cli, "-"), OpenSslExtensions.Read(client));
    }

    [Fact]
    public void PathLengthAndOtherKeyUsageBitsAreWritten()
    {
        using var dir = new TempDir();
        var ca = new CertRequest(new("UK", "pathlen CA", "Org")) with
        {
            KeyAlgorithm = KeyAlgorithm.EcdsaP384,
            BasicConstraints = new(false, true, 0),
            KeyUsage = new(false, KeyCertSign | CrlSign | KeyUsageFlags.DigitalSignature | NonRepudiation | DataEncipherment | KeyAgreement),
            ExtendedKeyUsage = new(false, KeyPurposeOids.AnyExtendedKeyUsage),
        };
        var path = dir.Write("ca.pem", ca.Issue().ToPem());
        Assert.Equal("C=UK,O=Org,CN=pathlen CA", Subject(path, "-subject"));
        Assert.Equal(new OpenSslExtensions("CA:TRUE, pathlen:0",
            "Digital Signature, Non Repudiation, Data Encipherment, Key Agreement, Certificate Sign, CRL Sign",
            "Any Extended Key Usage", "-"), OpenSslExtensions.Read(path));
    }

    private const KeyUsageFlags KeyCertSign = KeyUsageFlags.KeyCertSign;
    private const KeyUsageFlags CrlSign = KeyUsageFlags.CrlSign;
    private const KeyUsageFlags NonRepudiation = KeyUsageFlags.NonRepudiation;
    private const KeyUsageFlags DataEncipherment = KeyUsageFlags.DataEncipherment;
    private const KeyUsageFlags KeyAgreement = KeyUsageFlags.KeyAgreement;

    private static void Check(QemuTestEdition edition, string baseLeafKu, string name, string caSubject, string caBc, string caKu,
        string leafSubject, string leafBc, string leafKu, string leafEku)
    {
        using var dir = new TempDir();
        var scenario = QemuTestCerts.CredsX509Case(name, edition);
        var caPath = dir.Write("ca.pem", scenario.CaCerts[0].ToPem());
        var leafPath = dir.Write("leaf.pem", scenario.Leaf!.ToPem());

        Assert.Equal(caSubject, Subject(caPath, "-subject"));
        var ca = OpenSslExtensions.Read(caPath);
        Assert.Equal((caBc, caKu, "-", "-"), (ca.BasicConstraints, ca.KeyUsage, ca.ExtendedKeyUsage, ca.SubjectAltName));

        Assert.Equal(leafSubject, Subject(leafPath, "-subject"));
        if (scenario.CaCerts.Count == 1)
        {
            // (Chain issuers are checked in TheChainCAsAreWhatQemuAsksFor.)
            Assert.Equal(caSubject, Subject(leafPath, "-issuer"));
        }
        var leaf = OpenSslExtensions.Read(leafPath);
        Assert.Equal((leafBc, leafKu.Replace("$KU", baseLeafKu), leafEku, "-"),
            (leaf.BasicConstraints, leaf.KeyUsage, leaf.ExtendedKeyUsage, leaf.SubjectAltName));
    }

    /// <summary>The DN in certificate order, "C=UK,CN=qemu" — the form QEMU's authz rules see.</summary>
    private static string Subject(string path, string which) =>
        ExternalTool.Run("openssl", "x509", "-in", path, "-noout", which, "-nameopt", "esc_2253,sep_comma_plus,sname,utf8")
            .ShouldSucceed().Stdout.Trim() is var s ? s[(s.IndexOf('=') + 1)..] : "";
}
