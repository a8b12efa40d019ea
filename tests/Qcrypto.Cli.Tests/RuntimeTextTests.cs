using Qcrypto.TestSupport;

namespace Qcrypto.Cli.Tests;

/// <summary>
/// Issue 9, item 2: no .NET runtime message reaches a user. With UseSystemResourceKeys (NativeAOT, and
/// this JIT build too) they are resource keys: a dangling symlink as file= printed
/// "qcrypto: error: IO_FileNotFound_FileName, PATH" (exit 2, no report) where QEMU says
/// "Unable to read PATH: Failed to open file “PATH”: No such file or directory". Every path a verb
/// opens, with a dangling and a looping symlink; <see cref="RuntimeTextGuard"/> checks every CLI run.
/// </summary>
public sealed class RuntimeTextTests : IDisposable
{
    private readonly TempDir _dir = new();

    public RuntimeTextTests()
    {
        File.CreateSymbolicLink(_dir.File("dangling"), _dir.File("nowhere"));
        File.CreateSymbolicLink(_dir.File("loop"), _dir.File("loop"));
        Key = _dir.File("master.key");
        Assert.Equal(0, CliRunner.Run(_dir.Path, "secret", "new-key", "--out", Key).ExitCode);
    }

    public static TheoryData<string, string> BrokenLinks => new()
    {
        { "dangling", "No such file or directory" },
        { "loop", "Too many levels of symbolic links" },
    };

    private string Key { get; }

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("qcrypto: error: IO_FileNotFound_FileName, /tmp/x/dangling")]
    [InlineData("qcrypto: error: IO_FileExists_Name, /tmp/ca3")]
    [InlineData("qcrypto: error: internal error (ArgumentException): Argument_PemImport_NoPemFound Arg_ParamName_Name, input")]
    [InlineData("qcrypto: error: cannot use the CA in /tmp/ca: Cryptography_X509_NoPemCertificate")]
    [InlineData("qcrypto: error: UnauthorizedAccess_IODenied_Path, /root/x")]
    [InlineData("property 'filename': JSON parse error, ExpectedStartOfPropertyNotFound, b LineNumber: 0 | BytePositionInLine: 1.")]
    [InlineData("internal error: Arg_NullReferenceException")]
    public void TheGuardRecognisesRuntimeText(string text) => Assert.NotNull(RuntimeTextGuard.Find(text));

    [Theory]
    [InlineData("  cipher              AES_ECB AES_CBC 3DES_CTR AES_XTS\n  status              HW_READY")]
    [InlineData("error   #1 secret 's': object 's' property 'file': Unable to read /tmp/a_b/My_File: Failed to open file “/tmp/a_b/My_File”: No such file or directory [secret-read]")]
    [InlineData("{\"qemu_message\": null, \"object_id\": \"s\", \"plaintext_bytes\": 7}")]
    [InlineData("VIRTIO_CRYPTO_CIPHER_AES_CBC GNUTLS_E_DECRYPTION_FAILED")]
    public void TheGuardLeavesOurTextAlone(string text) => Assert.Null(RuntimeTextGuard.Find(text));

    [Theory]
    [MemberData(nameof(BrokenLinks))]
    public void SecretFileIsReportedPerObjectInQemusWords(string name, string why)
    {
        var path = _dir.File(name);
        var r = CliRunner.Run(_dir.Path, "object", "check", "--object", $"secret,id=s,file={path}");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains($"error   #1 secret 's': object 's' property 'file': Unable to read {path}: Failed to open file “{path}”: {why} [secret-read]", r.Stdout);

        var decrypt = CliRunner.Run(_dir.Path, "secret", "decrypt", "--object", $"secret,id=s,file={path}", "--id", "s");
        Assert.Equal(1, decrypt.ExitCode);
        Assert.Contains($"Unable to read {path}: Failed to open file “{path}”: {why} [secret-read]", decrypt.Stderr);
    }

    [Theory]
    [MemberData(nameof(BrokenLinks))]
    public void EncryptKeyFileAndInput(string name, string why)
    {
        var path = _dir.File(name);
        var key = CliRunner.Run(_dir.Path, "secret", "encrypt", "--key-file", path, "--key-id", "m", "--id", "s", "--data", "x");
        Assert.Equal(2, key.ExitCode);
        Assert.Contains($"qcrypto: error: --key-file: Unable to read {path}: Failed to open file “{path}”: {why}", key.Stderr);

        var input = CliRunner.Run(_dir.Path, "secret", "encrypt", "--key-file", Key, "--key-id", "m", "--id", "s", "--in", path);
        Assert.Equal(2, input.ExitCode);
        Assert.Contains($"qcrypto: error: --in: Unable to read {path}: Failed to open file “{path}”: {why}", input.Stderr);
    }

    [Fact]
    public void OutputFilesThatCannotBeWritten()
    {
        var loop = _dir.File("loop");
        var encrypt = CliRunner.Run(_dir.Path, "secret", "encrypt", "--key-file", Key, "--key-id", "m", "--id", "s", "--data", "x", "--out", loop);
        Assert.Equal(2, encrypt.ExitCode);
        Assert.Contains($"qcrypto: error: cannot write {loop}: Too many levels of symbolic links", encrypt.Stderr);

        var newKey = CliRunner.Run(_dir.Path, "secret", "new-key", "--out", loop, "--force");
        Assert.Equal(2, newKey.ExitCode);
        Assert.Contains($"qcrypto: error: cannot write {loop}: Too many levels of symbolic links", newKey.Stderr);

        // A dangling symlink is a name that exists: a key is not written through it without --force.
        var dangling = CliRunner.Run(_dir.Path, "secret", "new-key", "--out", _dir.File("dangling"));
        Assert.Equal(2, dangling.ExitCode);
        Assert.Contains("already exists", dangling.Stderr);
        Assert.False(File.Exists(_dir.File("nowhere")));

        var directory = CliRunner.Run(_dir.Path, "secret", "new-key", "--out", _dir.Path, "--force");
        Assert.Equal(2, directory.ExitCode);
        Assert.Contains($"qcrypto: error: cannot write {_dir.Path}: Is a directory", directory.Stderr);
    }

    [Fact]
    public void CertdirCreateAndCheck()
    {
        var loop = _dir.File("loop");
        var into = CliRunner.Run(_dir.Path, "certdir", "create", Path.Combine(loop, "tls"), "--ca-dir", _dir.File("ca"), "--hostname", "h");
        Assert.Equal(2, into.ExitCode);
        Assert.Contains($"qcrypto: error: cannot create directory {loop}: Too many levels of symbolic links", into.Stderr);

        var caLoop = CliRunner.Run(_dir.Path, "certdir", "create", _dir.File("tls"), "--ca-dir", loop, "--hostname", "h");
        Assert.Equal(2, caLoop.ExitCode);
        Assert.Contains($"qcrypto: error: cannot create directory {loop}: Too many levels of symbolic links", caLoop.Stderr);

        var check = CliRunner.Run(_dir.Path, "certdir", "check", loop, "--endpoint", "server");
        Assert.Equal(2, check.ExitCode);
        Assert.Contains($"qcrypto: error: cannot check {loop}: Too many levels of symbolic links", check.Stderr);
    }

    [Fact]
    public void CertdirCreateWithAnUnreadableCa()
    {
        // Was: "Cryptography_X509_NoPemCertificate", and "internal error (ArgumentException): Argument_PemImport_NoPemFound ...".
        var ca = Directory.CreateDirectory(_dir.File("ca")).FullName;
        File.WriteAllText(Path.Combine(ca, "ca-cert.pem"), "junk\n");
        File.WriteAllText(Path.Combine(ca, "ca-key.pem"), "junk\n");
        var junk = CliRunner.Run(_dir.Path, "certdir", "create", _dir.File("tls"), "--ca-dir", ca, "--hostname", "h");
        Assert.Equal(2, junk.ExitCode);
        Assert.Contains("ca-cert.pem holds no PEM certificate that can be read", junk.Stderr);

        var good = _dir.File("good-ca");
        Assert.Equal(0, CliRunner.Run(_dir.Path, "certdir", "create", _dir.File("tls0"), "--ca-dir", good, "--hostname", "h").ExitCode);
        File.Copy(Path.Combine(good, "ca-cert.pem"), Path.Combine(ca, "ca-cert.pem"), overwrite: true);
        var key = CliRunner.Run(_dir.Path, "certdir", "create", _dir.File("tls1"), "--ca-dir", ca, "--hostname", "h");
        Assert.Equal(2, key.ExitCode);
        Assert.Contains("ca-key.pem holds no unencrypted PEM", key.Stderr);

        File.Delete(Path.Combine(ca, "ca-key.pem"));
        File.CreateSymbolicLink(Path.Combine(ca, "ca-key.pem"), Path.Combine(ca, "ca-key.pem"));
        var loop = CliRunner.Run(_dir.Path, "certdir", "create", _dir.File("tls2"), "--ca-dir", ca, "--hostname", "h");
        Assert.Equal(2, loop.ExitCode);
        Assert.Contains("Failed to open file", loop.Stderr);
        Assert.Contains("Too many levels of symbolic links", loop.Stderr);
    }

    [Fact]
    public void AuthzListFileWithBadJson()
    {
        // Was: "JSON parse error, ExpectedStartOfPropertyNotFound, b LineNumber: 0 | BytePositionInLine: 1."
        var rules = _dir.File("rules.json");
        File.WriteAllText(rules, "{bad\n");
        var r = CliRunner.Run(_dir.Path, "object", "check", "--object", $"authz-listfile,id=a,filename={rules}");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("JSON parse error, invalid JSON at line 1, byte 2", r.Stdout);
    }

    [Theory]
    [MemberData(nameof(BrokenLinks))]
    public void TlsCredsDirectories(string name, string why)
    {
        var path = _dir.File(name);
        var r = CliRunner.Run(_dir.Path, "object", "check", "--object", $"tls-creds-psk,id=t,endpoint=server,dir={path}");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains(why, r.Stdout);
    }
}
