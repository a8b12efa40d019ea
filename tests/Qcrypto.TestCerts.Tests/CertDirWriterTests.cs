using Qcrypto.TestCerts.Tests.Support;

namespace Qcrypto.TestCerts.Tests;

/// <summary>What CertDirWriter puts on disk: names, order of concatenated certificates, file modes.</summary>
public class CertDirWriterTests
{
    private const UnixFileMode Mode0600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode Mode0644 = Mode0600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    [Fact]
    public void WritesAFullServerDirectoryWithPrivateKeysAndPublicCertificates()
    {
        using var dir = new TempDir();
        var scenario = BrokenCertDirs.Get("good-server");
        var ca = scenario.CaCerts[0];
        var crl = new CrlBuilder(ca).Build();
        var psk = PskFile.WithRandomKeys("qemu");
        var path = new CertDirWriter()
            .CaCerts(ca)
            .Crl(crl)
            .Server(scenario.Leaf!)
            .Client(scenario.Leaf!)
            .DhParameters(DhParams.Ffdhe3072)
            .Psk(psk)
            .WriteTo(dir.File("creds"));

        Assert.Equal(
            ["ca-cert.pem", "ca-crl.pem", "client-cert.pem", "client-key.pem", "dh-params.pem", "keys.psk", "server-cert.pem", "server-key.pem"],
            Directory.GetFiles(path).Select(Path.GetFileName).Order());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(path));
        foreach (var secret in new[] { "server-key.pem", "client-key.pem", "keys.psk" })
        {
            Assert.Equal(Mode0600, File.GetUnixFileMode(Path.Combine(path, secret)));
        }

        foreach (var open in new[] { "ca-cert.pem", "ca-crl.pem", "server-cert.pem", "client-cert.pem", "dh-params.pem" })
        {
            Assert.Equal(Mode0644, File.GetUnixFileMode(Path.Combine(path, open)));
        }

        Assert.Equal(ca.ToPem(), File.ReadAllText(Path.Combine(path, "ca-cert.pem")));
        Assert.Equal(crl.ToPem(), File.ReadAllText(Path.Combine(path, "ca-crl.pem")));
        Assert.Equal(psk.ToString(), File.ReadAllText(Path.Combine(path, "keys.psk")));
        Assert.Equal(DhParams.Ffdhe3072.ToPem(), File.ReadAllText(Path.Combine(path, "dh-params.pem")));
        ExternalTool.Run("certtool", "-k", "--load-privkey", Path.Combine(path, "server-key.pem")).ShouldSucceed();
    }

    [Fact]
    public void CaCertificatesAndChainsKeepTheOrderGiven()
    {
        using var dir = new TempDir();
        var scenario = QemuTestCerts.CredsX509Case("chain1");
        var reversed = scenario.CaCerts.Reverse().ToArray();
        var path = new CertDirWriter().CaCerts(reversed).Server(scenario.Leaf!, [scenario.CaCerts[3], scenario.CaCerts[1]]).WriteTo(dir.Path);

        Assert.Equal(reversed.Select(c => c.Subject.ToString()), SubjectsIn(Path.Combine(path, "ca-cert.pem")));
        Assert.Equal(["C=UK,CN=qemu.org", "C=UK,CN=qemu level 2a", "C=UK,CN=qemu level 1a"], SubjectsIn(Path.Combine(path, "server-cert.pem")));
    }

    [Fact]
    public void ModesAreExactWhateverTheUmaskAndCanBeChosen()
    {
        using var dir = new TempDir();
        var leaf = BrokenCertDirs.Get("good-server").Leaf!;
        var writer = new CertDirWriter { SecretFileMode = UnixFileMode.UserRead, PublicFileMode = Mode0600 }
            .Server(leaf)
            .File("extra.bin", [1, 2, 3], UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherWrite);
        var path = writer.WriteTo(dir.Path);
        Assert.Equal(UnixFileMode.UserRead, File.GetUnixFileMode(Path.Combine(path, "server-key.pem")));
        Assert.Equal(Mode0600, File.GetUnixFileMode(Path.Combine(path, "server-cert.pem")));
        // o+w survives: the mode is set with chmod after writing, so the umask (usually 022) does not apply.
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherWrite, File.GetUnixFileMode(Path.Combine(path, "extra.bin")));

        var worldReadable = ScenarioWriter.Write(BrokenCertDirs.Get("world-readable-key"), dir.File("wr"));
        Assert.Equal(Mode0644, File.GetUnixFileMode(Path.Combine(worldReadable, "server-key.pem")));
    }

    [Fact]
    public void FilesCanBeReplacedRemovedAndRewritten()
    {
        using var dir = new TempDir();
        var leaf = BrokenCertDirs.Get("good-server").Leaf!;
        var writer = new CertDirWriter().Server(leaf).File(QemuFileNames.ServerCert, "not a cert").Remove(QemuFileNames.ServerKey);
        Assert.Equal([QemuFileNames.ServerCert], writer.Build().Select(f => f.Name));
        Assert.Equal("not a cert", writer.Build()[0].Text);
        var path = writer.WriteTo(dir.Path);
        // Writing again over an existing directory replaces the files it writes.
        new CertDirWriter().File(QemuFileNames.ServerCert, "second").WriteTo(path);
        Assert.Equal("second", File.ReadAllText(Path.Combine(path, QemuFileNames.ServerCert)));
        Assert.Throws<ArgumentException>(() => new CertDirWriter().File("../escape", "x"));
        Assert.Throws<InvalidOperationException>(() => new CertDirWriter().Mode("absent.pem", Mode0644));
    }

    [Fact]
    public void CorruptionsDoWhatTheySay()
    {
        using var dir = new TempDir();
        var pem = BrokenCertDirs.Get("good-server").Leaf!.ToPem();
        var truncated = System.Text.Encoding.ASCII.GetString(Corruptions.TruncatePem(pem));
        Assert.StartsWith("-----BEGIN CERTIFICATE-----\n", truncated);
        Assert.DoesNotContain("-----END", truncated);
        Assert.StartsWith(truncated, pem, StringComparison.Ordinal);

        var der = dir.File("cert.der");
        File.WriteAllBytes(der, Corruptions.PemToDer(pem));
        Assert.Equal(pem, ExternalTool.Run("openssl", "x509", "-inform", "DER", "-in", der).ShouldSucceed().Stdout);

        Assert.Equal(Corruptions.Garbage(), Corruptions.Garbage());
        Assert.NotEqual(Corruptions.Garbage(seed: 1), Corruptions.Garbage(seed: 2));
        Assert.Equal(100, Corruptions.Garbage(100).Length);
    }

    [Fact]
    public void SessionScenariosWriteTwoDirectories()
    {
        using var dir = new TempDir();
        var dirs = ScenarioWriter.Write(QemuTestCerts.SessionCase("basicca"), dir.Path);
        Assert.Equal(["ca-cert.pem", "server-cert.pem", "server-key.pem"], Directory.GetFiles(dirs.Server).Select(Path.GetFileName).Order());
        Assert.Equal(["ca-cert.pem", "client-cert.pem", "client-key.pem"], Directory.GetFiles(dirs.Client).Select(Path.GetFileName).Order());
    }

    private static IEnumerable<string> SubjectsIn(string pemBundle)
    {
        // Split the bundle and ask OpenSSL for each certificate's subject, in file order.
        var blocks = File.ReadAllText(pemBundle).Split("-----END CERTIFICATE-----\n", StringSplitOptions.RemoveEmptyEntries);
        using var dir = new TempDir();
        return blocks.Select(b => ExternalTool.Run("openssl", "x509", "-in", dir.Write("one.pem", b + "-----END CERTIFICATE-----\n"),
                "-noout", "-subject", "-nameopt", "esc_2253,sep_comma_plus,sname,utf8").ShouldSucceed().Stdout.Trim()["subject=".Length..])
            .ToArray();
    }
}
