using Qcrypto.Certdir.Tests.Support;

namespace Qcrypto.Certdir.Tests;

/// <summary>
/// Files GnuTLS cannot read although nothing in them is damaged (issue 9, item 14): X9.42 DH parameters, PKCS#8 keys
/// encrypted with schemes GnuTLS does not implement (with the right password), EC keys on curves it does not know,
/// keys.psk keys it cannot decode. Each diagnosis names the form and what GnuTLS lacks; QEMU's verdict (qemu-nbd,
/// qemu-img) is checked alongside.
/// </summary>
public sealed class KeyFormTests : IDisposable
{
    private const string Password = "hunter2";
    private readonly TempDir _tmp = new();
    private readonly OpensslPki _pki;

    public KeyFormTests() => _pki = new OpensslPki(_tmp.Path);

    [Fact]
    public void X942DhParametersAreNamedNotCalledTextWithoutPem()
    {
        var dir = _pki.Server("x942", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256");
        OpensslPki.Openssl("dhparam", "-dsaparam", "-out", Path.Combine(dir, "dh-params.pem"), "1024");
        Assert.StartsWith("-----BEGIN X9.42 DH PARAMETERS-----", File.ReadAllText(Path.Combine(dir, "dh-params.pem")));
        var check = Tools.Qcrypto("certdir", "check", dir, "--endpoint", "server");
        Assert.Equal(1, check.ExitCode);
        Assert.Contains("dh-params.pem holds X9.42 DH parameters", check.Stdout);
        Assert.Contains("GnuTLS reads only PKCS#3", check.Stdout);
        Assert.DoesNotContain("without any -----BEGIN line", check.Stdout);
        Assert.False(Tools.QemuNbdServes(dir, _tmp.Path).Serves);
    }

    [Theory]
    [InlineData("scrypt", "PBES2 (scrypt, AES-256-CBC)", "-scrypt")]
    [InlineData("camellia", "PBES2 (PBKDF2-HMAC-SHA256, CAMELLIA-256-CBC)", "-v2|camellia-256-cbc")]
    [InlineData("sha512-224", "PBES2 (PBKDF2-HMAC-SHA512/224, AES-256-CBC)", "-v2|aes-256-cbc|-v2prf|hmacWithSHA512-224")]
    [InlineData("pkcs12-2des", "PKCS#12 PBE-SHA1-2DES", "-v1|PBE-SHA1-2DES")]
    public void KeyEncryptedWithASchemeGnuTlsLacksIsNotAWrongPassword(string name, string scheme, string encryption)
    {
        var dir = EncryptedServer(name, encryption.Split('|'));
        var check = CheckWithPassword(dir, Password);
        Assert.Equal(1, check.ExitCode);
        Assert.Contains($"server-key.pem is encrypted with {scheme}, which GnuTLS cannot decrypt, whatever the password", check.Stdout);
        Assert.Contains("[key-encryption-unsupported]", check.Stdout);
        Assert.DoesNotContain("key-password-wrong", check.Stdout);
        Assert.False(Tools.QemuNbdServes(dir, _tmp.Path, Password).Serves);
    }

    [Fact]
    public void TheSuggestedReEncryptionIsOneQemuLoads()
    {
        var dir = EncryptedServer("reencrypt", "-scrypt");
        var key = Path.Combine(dir, "server-key.pem");
        OpensslPki.Openssl("pkcs8", "-topk8", "-in", key, "-passin", $"pass:{Password}", "-v2", "aes-256-cbc", "-v2prf", "hmacWithSHA256",
            "-passout", $"pass:{Password}", "-out", key + ".new");
        File.Move(key + ".new", key, overwrite: true);
        Assert.True(CheckWithPassword(dir, Password).ExitCode == 0);
        Assert.True(Tools.QemuNbdServes(dir, _tmp.Path, Password).Serves);
    }

    [Fact]
    public void WrongPasswordOnASupportedSchemeStaysKeyPasswordWrong()
    {
        var dir = EncryptedServer("aes", "-v2", "aes-256-cbc");
        Assert.Equal(0, CheckWithPassword(dir, Password).ExitCode);
        var wrong = CheckWithPassword(dir, "not-it");
        Assert.Contains("[key-password-wrong]", wrong.Stdout);
        Assert.DoesNotContain("key-encryption-unsupported", wrong.Stdout);
    }

    [Theory]
    [InlineData("secp256k1")]
    [InlineData("brainpoolP256r1")]
    public void KeyOnACurveGnuTlsDoesNotKnowIsNamed(string curve)
    {
        var dir = _pki.Server(curve, "-algorithm", "EC", "-pkeyopt", $"ec_paramgen_curve:{curve}");
        var check = Tools.Qcrypto("certdir", "check", dir, "--endpoint", "server");
        Assert.Equal(1, check.ExitCode);
        Assert.Contains($"server-key.pem is an EC key on {curve}, which GnuTLS does not support", check.Stdout);
        Assert.Contains($"server-cert.pem holds a public key on {curve}", check.Stdout);
        Assert.DoesNotContain("damaged", check.Stdout);
        Assert.DoesNotContain("its a", check.Stdout);
        Assert.False(Tools.QemuNbdServes(dir, _tmp.Path).Serves);
        var created = Tools.Qcrypto("object", "check", "--object", $"tls-creds-x509,id=t,endpoint=server,dir={dir}");
        Assert.Contains($"hint: the private key is on {curve}, which GnuTLS does not support", created.Stdout);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef0", "has an odd number of hex digits (33)")]
    [InlineData("0123456789abcdefg123456789abcdef", "has a character that is not a hex digit at position 17")]
    [InlineData("0x0123456789abcdef0123456789abcdef", "starts with 0x")]
    [InlineData("0123456789abcdef0123456789abcdef ", "has trailing white space")]
    [InlineData("ASNFZ4mrze8BI0VniavN7w==", "looks like base64")]
    [InlineData("01 23 45 67 89 ab cd ef 01 23 45 67 89 ab cd ef", "separates the hex digits")]
    public void PskKeyGnuTlsCannotDecodeIsDescribed(string key, string problem)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_tmp.Path, "psk-" + Math.Abs(key.GetHashCode())).ToString()).FullName;
        File.WriteAllText(Path.Combine(dir, "keys.psk"), $"qemu:{key}\n");
        var qemu = Tools.Run(Tools.Require("qemu-img", "qemu-utils"), ["info", "--object", $"tls-creds-psk,id=t,endpoint=client,dir={dir}", "null-co://"]);
        Assert.Contains("Cannot set PSK client credentials", qemu.Stderr);

        var ours = Tools.Qcrypto("object", "check", "--object", $"tls-creds-psk,id=t,endpoint=client,dir={dir}");
        Assert.Equal(1, ours.ExitCode);
        Assert.Contains(qemu.Stderr.Trim().Replace("qemu-img: ", string.Empty, StringComparison.Ordinal), ours.Stdout);
        Assert.Contains($"hint: the key of 'qemu' in {dir}/keys.psk {problem}", ours.Stdout);
        Assert.DoesNotContain("must be hexadecimal digits", ours.Stdout);
        Assert.DoesNotContain(key.Trim(), ours.Stdout);
    }

    public void Dispose() => _tmp.Dispose();

    private string EncryptedServer(string name, params string[] encryption)
    {
        var dir = _pki.Server(name, "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256");
        var key = Path.Combine(dir, "server-key.pem");
        OpensslPki.Openssl(["pkcs8", "-topk8", "-in", key, "-out", key + ".enc", "-passout", $"pass:{Password}", "-provider", "legacy", "-provider", "default", .. encryption]);
        File.Move(key + ".enc", key, overwrite: true);
        return dir;
    }

    private static Tool.Result CheckWithPassword(string dir, string password) =>
        Tools.Qcrypto("certdir", "check", dir, "--endpoint", "server", "--object", $"secret,id=pw,data={password}", "--passwordid", "pw");
}
