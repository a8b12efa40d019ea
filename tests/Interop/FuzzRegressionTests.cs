using Qcrypto.Composition;
using Qcrypto.Errors;
using Qcrypto.Interop.Tests.Tools;
using Qcrypto.Objects;

namespace Qcrypto.Interop.Tests;

/// <summary>
/// Inputs found by fuzz/run.sh (AFL++ over <c>ObjectLine.Parse</c> + <c>ObjectRegistry.Add</c>) that
/// escaped as something other than a <see cref="QcryptoException"/>, plus the endless-file case found
/// while seeding it. Each must be refused like any other bad line: a typed error in the library, and
/// exit code 1 with a one-line message from the CLI (never an unhandled-exception abort).
/// </summary>
public sealed class FuzzRegressionTests
{
    private const string MasterLine = "secret,id=m,format=base64,data=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
    private const string Iv = "AAECAwQFBgcICQoLDA0ODw==";

    /// <summary>
    /// AFL crash id:000001 (<c>secret,id,id=ecret,id,id=\x8c,file=\x8c,file=</c>, the last file= wins).
    /// QEMU hands "" to g_file_get_contents, which fails to open it; SecretFile.Read passes it to
    /// FileStream, which throws ArgumentException ("The value cannot be an empty string").
    /// </summary>
    [Fact]
    public void EmptyFileNameIsAnUnreadableFile()
    {
        using var registry = QcryptoCatalog.CreateRegistry();

        var error = Assert.Throws<SecretException>(() => registry.Add("secret,id=s,file="));

        Assert.Equal(ErrorCodes.SecretRead, error.Code);
        Assert.Equal("Unable to read : Failed to open file “”: No such file or directory", error.QemuMessage);
    }

    /// <summary>
    /// AFL crash id:000000 (<c>secret,id=s,file=\x88@\x10\0\0mat?raw</c>): a NUL in file= reaches
    /// FileStream, which throws ArgumentException ("Null character in path"). QEMU never sees such a
    /// name (argv and QMP strings cannot hold NUL); we must refuse it as a bad secret, not crash.
    /// </summary>
    [Theory]
    [InlineData("secret,id=s,file=k\0x")]
    [InlineData("secret,id=s,file=\0")]
    public void NulInFileNameIsRefusedAsABadSecret(string line)
    {
        using var registry = QcryptoCatalog.CreateRegistry();

        Assert.ThrowsAny<QcryptoException>(() => registry.Add(line));
    }

    /// <summary>
    /// <c>file=/dev/zero</c> (or any endless stream) grows the read buffer by doubling until
    /// <c>checked(buffer.Length * 2)</c> overflows: an OverflowException after ~2 GiB. It must end as
    /// a SecretException ("Unable to read /dev/zero: ...") like glib's "too large" failure.
    /// </summary>
    [Fact]
    public void EndlessSecretFileIsRefusedAsUnreadable()
    {
        using var registry = QcryptoCatalog.CreateRegistry();
        registry.Add(MasterLine);

        // Encrypted, so the world-readable check (which would refuse /dev/zero first) does not apply.
        var error = Assert.Throws<SecretException>(() => registry.Add($"secret,id=s,file=/dev/zero,keyid=m,iv={Iv}"));

        Assert.Equal(ErrorCodes.SecretRead, error.Code);
        Assert.StartsWith("Unable to read /dev/zero: ", error.QemuMessage, StringComparison.Ordinal);
    }

    /// <summary>The same inputs through the real CLI: a typo in file= must not abort the process.</summary>
    [Theory]
    [InlineData("secret,id=s,file=")]
    [InlineData("secret,id=s,file=/dev/zero,keyid=m,iv=" + Iv)]
    public async Task CliReportsBadSecretFileWithoutCrashing(string line)
    {
        var result = await QcryptoCli.RunAsync(["object", "check", "--object", MasterLine, "--object", line]);

        Assert.True(result.ExitCode == 1 && !result.Stderr.Contains("Unhandled exception", StringComparison.Ordinal), result.Describe());
    }
}
