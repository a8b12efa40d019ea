using Qcrypto.Composition;
using Qcrypto.Errors;
using Qcrypto.Tls.Creds;
using Qcrypto.Tls.Tests.Tools;

namespace Qcrypto.Tls.Tests;

/// <summary>Loading tls-creds-anon/-psk/-x509: QEMU 7.2's file rules, check order and messages.</summary>
public class TlsCredsLoadTests
{
    private static QcryptoException Fails(string line)
    {
        using var registry = QcryptoCatalog.CreateRegistry();
        return Assert.ThrowsAny<QcryptoException>(() => registry.Add(line));
    }

    [Fact]
    public void PskNeedsDir()
    {
        var e = Fails("tls-creds-psk,id=t,endpoint=server");
        Assert.Equal("Missing 'dir' property value", e.QemuMessage);
        Assert.Equal("t", e.ObjectId);
        Assert.Equal("dir", e.Property);
    }

    [Fact]
    public void PskServerRefusesUsernameBeforeLookingAtFiles()
    {
        var e = Fails("tls-creds-psk,id=t,endpoint=server,dir=/nonexistent,username=u");
        Assert.Equal("username should not be set when endpoint=server", e.QemuMessage);
        Assert.Equal("username", e.Property);
    }

    [Theory]
    [InlineData("tls-creds-psk,id=t,endpoint=server,dir=/nonexistent-qcrypto", "/nonexistent-qcrypto/keys.psk")]
    [InlineData("tls-creds-psk,id=t,endpoint=client,dir=/nonexistent-qcrypto", "/nonexistent-qcrypto/keys.psk")]
    [InlineData("tls-creds-x509,id=t,endpoint=server,dir=/nonexistent-qcrypto", "/nonexistent-qcrypto/ca-cert.pem")]
    [InlineData("tls-creds-x509,id=t,endpoint=client,dir=/nonexistent-qcrypto", "/nonexistent-qcrypto/ca-cert.pem")]
    public void MissingRequiredFile(string line, string path)
    {
        var e = Fails(line);
        Assert.Equal($"Unable to access credentials {path}: No such file or directory", e.QemuMessage);
        Assert.Equal(TlsErrorCodes.FileAccess, e.Code);
    }

    [Fact]
    public void PskClientUnknownUser()
    {
        using var dir = new CredsDir().Psktool("alice");
        var e = Fails($"tls-creds-psk,id=t,endpoint=client,dir={dir.Path}");
        Assert.Equal($"Username qemu not found in PSK file {dir.Path}/keys.psk", e.QemuMessage);
        Assert.Contains("psktool -u qemu", e.Hint);
    }

    [Fact]
    public void PskClientUsesTheNamedUser()
    {
        using var dir = new CredsDir().Psktool("alice", "bob");
        using var registry = QcryptoCatalog.CreateRegistry();
        var creds = (TlsCredsPsk)registry.Add($"tls-creds-psk,id=t,endpoint=client,dir={dir.Path},username=bob");
        Assert.True(creds.IsLoaded);
        using var key = registry.Keys.TryAcquire("t", out var lease) ? lease : throw new InvalidOperationException("no key in the key store");
        Assert.Equal(Convert.FromHexString(dir.PskKey("bob")), key.Bytes.ToArray());
    }

    [Theory]
    [InlineData("qemu:zz00\n", "has a character that is not a hex digit at position 1")]
    [InlineData("qemu:0011\r\n", "Windows line endings")]
    [InlineData("qemu:00112\n", "has an odd number of hex digits (5)")]
    public void PskClientBadKey(string file, string hint)
    {
        using var dir = new CredsDir().Write("keys.psk", file);
        var e = Fails($"tls-creds-psk,id=t,endpoint=client,dir={dir.Path}");
        Assert.StartsWith("Cannot set PSK client credentials: ", e.QemuMessage);
        Assert.Contains(hint, e.Hint);
        Assert.DoesNotContain("0011", e.Message + e.Hint);
    }

    [Fact]
    public void PskServerLoadsKeysFile()
    {
        using var dir = new CredsDir().Psktool("qemu");
        using var registry = QcryptoCatalog.CreateRegistry();
        var creds = (TlsCreds)registry.Add($"tls-creds-psk,id=t,endpoint=server,dir={dir.Path}");
        Assert.Equal("NORMAL:+ECDHE-PSK:+DHE-PSK:+PSK", creds.Priority);
    }

    [Fact]
    public void AnonClientIgnoresDir()
    {
        using var registry = QcryptoCatalog.CreateRegistry();
        var creds = (TlsCreds)registry.Add("tls-creds-anon,id=t,endpoint=client,dir=/nonexistent-qcrypto");
        Assert.Equal("NORMAL:+ANON-DH", creds.Priority);
    }

    [Fact]
    public void AnonServerWithBadDhParams()
    {
        using var dir = new CredsDir().Write("dh-params.pem", "-----BEGIN DH PARAMETERS-----\nAAAA\n-----END DH PARAMETERS-----\n");
        var e = Fails($"tls-creds-anon,id=t,endpoint=server,dir={dir.Path}");
        Assert.StartsWith($"Unable to load DH parameters from {dir.Path}/dh-params.pem: ", e.QemuMessage);
    }

    [Fact]
    public void AnonServerWithCerttoolDhParams()
    {
        using var dir = new CredsDir();
        var r = Tool.Run(Tool.Require("certtool", "gnutls-bin"), ["--generate-dh-params", "--sec-param", "medium", "--outfile", dir.File("dh-params.pem")]);
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var registry = QcryptoCatalog.CreateRegistry();
        Assert.True(((TlsCreds)registry.Add($"tls-creds-anon,id=t,endpoint=server,dir={dir.Path}")).IsLoaded);
    }

    [Theory]
    [InlineData("tls-creds-anon", "NORMAL:+BOGUS", "Unable to set TLS session priority NORMAL:+BOGUS:+ANON-DH: ", "at '+BOGUS'")]
    [InlineData("tls-creds-psk", "SECURE256:%NOPE", "Unable to set TLS session priority SECURE256:%NOPE:+ECDHE-PSK:+DHE-PSK:+PSK: ", "at '%NOPE'")]
    [InlineData("tls-creds-x509", "@SYSTEM:-VERS-TLS1.3", "Cannot set default TLS session priority @SYSTEM:-VERS-TLS1.3: ", "system-wide configuration")]
    [InlineData("tls-creds-x509", "", "Cannot set default TLS session priority : ", "Priority-Strings")]
    public void BadPriorityCreatesTheObjectAndFailsEverySessionAsQemuDoes(string type, string priority, string message, string hint)
    {
        // QEMU 7.2 creates the object (libvirt's priority=@SYSTEM:-VERS-TLS1.3 on a host without GnuTLS system
        // configuration) and fails each session with this message: checked against qemu-nbd in TlsCommand tests.
        using var dir = new CredsDir().Psktool("qemu");
        var dirs = TestCerts.ScenarioWriter.Write(TestCerts.QemuTestCerts.SessionCase("basicca"), dir.Path);
        using var registry = QcryptoCatalog.CreateRegistry();
        var creds = (TlsCreds)registry.Add($"{type},id=t,endpoint=client,dir={(type == "tls-creds-x509" ? dirs.Client : dir.Path)},priority={priority}");
        Assert.True(creds.IsLoaded);
        Assert.False(creds.PriorityValid);
        var warning = Assert.Single(creds.Warnings);
        Assert.Equal("tls-priority", warning.Code);
        Assert.Contains("every TLS session with 't' will fail", warning.Message);
        Assert.Contains(message.TrimEnd(), warning.Message);
        Assert.Contains(hint, warning.Hint);

        var e = Assert.Throws<TlsSessionException>(() => Sessions.TlsSession.Create(creds, "localhost", null, TlsEndpoint.Client, new MemoryStream()));
        Assert.StartsWith(message, e.QemuMessage);
        Assert.Equal("tls-priority", e.Code);
        Assert.Contains(hint, e.Hint);
    }

    [Fact]
    public void CredsInUseCannotBeDeleted()
    {
        using var registry = QcryptoCatalog.CreateRegistry();
        var creds = (TlsCreds)registry.Add("tls-creds-anon,id=t,endpoint=client");
        using (var stream = new MemoryStream())
        using (var session = Sessions.TlsSession.Create(creds, null, null, TlsEndpoint.Client, stream))
        {
            var e = Assert.ThrowsAny<QcryptoException>(() => registry.Delete("t"));
            Assert.Equal("object 't' is in use, can not be deleted", e.QemuMessage);
        }

        registry.Delete("t");
        Assert.Null(registry.Find("t"));
    }

    [Fact]
    public void SessionEndpointMustMatchCreds()
    {
        using var registry = QcryptoCatalog.CreateRegistry();
        var creds = (TlsCreds)registry.Add("tls-creds-anon,id=t,endpoint=client");
        var e = Assert.Throws<TlsSessionException>(() => Sessions.TlsSession.Create(creds, null, null, TlsEndpoint.Server, new MemoryStream()));
        Assert.Equal("Credentials endpoint doesn't match session", e.QemuMessage);
        var e2 = Assert.ThrowsAny<QcryptoException>(() => creds.CheckEndpoint(TlsEndpoint.Server));
        Assert.Equal("Expected TLS credentials for a server endpoint", e2.QemuMessage);
    }
}
