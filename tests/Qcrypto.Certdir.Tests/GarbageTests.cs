using Qcrypto.Certdir.Tests.Support;

namespace Qcrypto.Certdir.Tests;

/// <summary>
/// Garbage in (truncated PEM, DER, binary junk, a 50 MB file, symlink loops, unreadable files and directories, a missing
/// directory, a file instead of a directory): findings or exit 2 with a clear message, never a crash or a stack trace.
/// </summary>
public class GarbageTests
{
    private static void NoCrash(Tool.Result r)
    {
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.DoesNotContain("internal error", r.Stderr);
        Assert.DoesNotContain("Exception", r.Stderr + r.Stdout);
    }

    [Fact]
    public void MissingDirectoryIsExit2()
    {
        var r = Tools.Qcrypto("certdir", "check", "/nonexistent/qcrypto-certdir", "--endpoint", "server");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("cannot check /nonexistent/qcrypto-certdir: No such file or directory", r.Stderr);
        NoCrash(r);
    }

    [Fact]
    public void AFileInsteadOfADirectoryIsExit2()
    {
        using var tmp = new TempDir();
        var file = Path.Combine(tmp.Path, "ca-cert.pem");
        File.WriteAllText(file, "x");
        var r = Tools.Qcrypto("certdir", "check", file, "--endpoint", "server");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("not a directory", r.Stderr);
        NoCrash(r);
    }

    [Fact]
    public void MissingEndpointIsAUsageError()
    {
        var r = Tools.Qcrypto("certdir", "check", "/tmp");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--endpoint", r.Stderr);
        NoCrash(r);
    }

    [Theory]
    [InlineData("broken/truncated-pem", "pem-truncated", "server-cert.pem is cut off")]
    [InlineData("broken/der-instead-of-pem", "not-pem", "holds a DER (binary) certificate")]
    [InlineData("extra/binary-junk-ca", "not-pem", "ca-cert.pem holds binary data")]
    [InlineData("extra/huge-server-cert", "file-too-large", "server-cert.pem is 50 MiB")]
    [InlineData("extra/ca-cert-symlink-loop", "file-unreadable", "Too many levels of symbolic links")]
    [InlineData("extra/ca-cert-is-a-directory", "not-a-file", "ca-cert.pem is a directory")]
    [InlineData("extra/empty-server-cert", "empty-file", "server-cert.pem is empty")]
    [InlineData("extra/crl-dangling-symlink", "file-unreadable", "a symlink to a file that does not exist")]
    [InlineData("extra/der-key", "not-pem", "server-key.pem holds binary data")]
    [InlineData("extra/cert-in-key-file", "pem-wrong-content", "server-key.pem holds CERTIFICATE, not a private key")]
    public void GarbageGivesFindings(string name, string code, string text)
    {
        var d = Corpus.Get(name);
        using var tmp = new TempDir();
        var r = Tools.Qcrypto("certdir", "check", d.Write(tmp.Path), "--endpoint", "server", "--json");
        NoCrash(r);
        Assert.Contains(r.ExitCode, new[] { 0, 1 });
        using var doc = System.Text.Json.JsonDocument.Parse(r.Stdout);
        var findings = doc.RootElement.GetProperty("findings").EnumerateArray().ToList();
        Assert.Contains(findings, f => f.GetProperty("code").GetString() == code && f.GetProperty("message").GetString()!.Contains(text, StringComparison.Ordinal));
    }

    [Fact]
    public void UnreadableFilesAndDirectoriesAsAnUnprivilegedUser()
    {
        // The checker run as nobody, like an emulator running as an unprivileged user.
        var setpriv = Tools.Require("setpriv", "util-linux");
        var d = Corpus.Get("extra/good-ecdsa-server");
        using var tmp = new TempDir();
        var path = d.Write(tmp.Path);
        File.SetUnixFileMode(tmp.Path, (UnixFileMode)0x1ed);
        File.SetUnixFileMode(path, (UnixFileMode)0x1ed);
        string[] asNobody = ["--reuid=65534", "--regid=65534", "--clear-groups", "--", "env", "DOTNET_CLI_HOME=/tmp", "HOME=/tmp", "DOTNET_NOLOGO=1",
            "dotnet", Path.Combine(AppContext.BaseDirectory, "qcrypto.dll"), "certdir", "check", path, "--endpoint", "server"];

        // server-key.pem is 0600 root:root: the emulator's own loading fails, and the report says why.
        var r = Tools.Run(setpriv, asNobody);
        NoCrash(r);
        Assert.True(r.ExitCode == 1, r.Stdout + r.Stderr);
        Assert.Contains("Error while reading file.", r.Stdout);
        Assert.Contains("[file-unreadable]", r.Stdout);

        // The directory itself unreadable: the check cannot run.
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var r2 = Tools.Run(setpriv, asNobody);
        NoCrash(r2);
        Assert.Equal(2, r2.ExitCode);
        Assert.Contains("Permission denied", r2.Stderr);
    }

    [Fact]
    public void BadObjectLinesAndPasswordIdsAreUsageErrors()
    {
        var d = Corpus.Get("broken/encrypted-key");
        using var tmp = new TempDir();
        var path = d.Write(tmp.Path);
        var r = Tools.Qcrypto("certdir", "check", path, "--endpoint", "server", "--object", "secret,id=pw,file=/nonexistent/pw", "--passwordid", "pw");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--object #1", r.Stderr);
        NoCrash(r);
        var r2 = Tools.Qcrypto("certdir", "check", path, "--endpoint", "server", "--passwordid", "nosuch");
        Assert.Equal(2, r2.ExitCode);
        Assert.Contains("--passwordid nosuch: no object with that id", r2.Stderr);
    }

    [Fact]
    public void StrictAndVerifyPeerOptions()
    {
        var d = Corpus.Get("broken/world-readable-key");
        using var tmp = new TempDir();
        var path = d.Write(tmp.Path);
        var plain = Tools.Qcrypto("certdir", "check", path, "--endpoint", "server");
        Assert.Equal(0, plain.ExitCode);
        Assert.Contains("[key-readable-by-others]", plain.Stdout);
        var strict = Tools.Qcrypto("certdir", "check", path, "--endpoint", "server", "--strict");
        Assert.Equal(1, strict.ExitCode);
        Assert.Contains("(--strict: failing on warnings)", strict.Stdout);
        var off = Tools.Qcrypto("certdir", "check", path, "--endpoint", "server", "--verify-peer", "off", "--json");
        Assert.Equal(0, off.ExitCode);
        Assert.Contains("\"verify-peer-off\"", off.Stdout);
        var bad = Tools.Qcrypto("certdir", "check", path, "--endpoint", "server", "--verify-peer", "maybe");
        Assert.Equal(2, bad.ExitCode);
        NoCrash(bad);
    }
}
