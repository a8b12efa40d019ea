using Qcrypto.Certdir.Tests.Support;
using Qcrypto.Composition;
using Qcrypto.Tls.Checks;

namespace Qcrypto.Certdir.Tests;

/// <summary>--user: the directory as the emulator's runtime user sees it (mode bits, owner, groups from /etc/passwd and /etc/group).</summary>
public class UserAuditTests
{
    private static CertDirReport AsUser(string path, string user, string? etc = null) =>
        CertDirChecker.Check(new CertDirCheckOptions(path, Tls.Creds.TlsEndpoint.Server) { User = user, WarnDays = 0, EtcDirectory = etc ?? "/etc" }, QcryptoCatalog.Create());

    [Fact]
    public void APrivateKeyOnlyRootCanReadIsAnErrorForTheEmulatorUser()
    {
        var d = Corpus.Get("extra/good-ecdsa-server");
        using var tmp = new TempDir();
        var path = d.Write(tmp.Path);
        File.SetUnixFileMode(tmp.Path, (UnixFileMode)0x1ed);
        File.SetUnixFileMode(path, (UnixFileMode)0x1ed);

        var report = AsUser(path, "nobody");
        Assert.True(report.QemuLoads);
        Assert.Equal(1, report.ExitCode);
        var f = Assert.Single(report.Findings, f => f.Code == "unreadable-by-user");
        Assert.Equal("server-key.pem", f.File);
        Assert.Contains("not readable by nobody (uid 65534): mode 0600, owner root:root", f.Message);
        Assert.Equal($"chown root:nogroup {path}/server-key.pem && chmod 0640 {path}/server-key.pem", f.Hint);

        // Applying the fix makes the audit pass; root passes regardless.
        File.SetUnixFileMode(Path.Combine(path, "server-key.pem"), (UnixFileMode)0x1a0);
        Chgrp(Path.Combine(path, "server-key.pem"), "nogroup");
        Assert.Equal(0, AsUser(path, "nobody").ExitCode);
        Assert.Equal(0, AsUser(path, "root").ExitCode);
    }

    [Fact]
    public void ADirectoryOnThePathTheUserCannotEnter()
    {
        var d = Corpus.Get("extra/good-ecdsa-server");
        using var tmp = new TempDir();
        var path = d.Write(tmp.Path);
        File.SetUnixFileMode(tmp.Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        var report = AsUser(path, "nobody");
        var f = Assert.Single(report.Findings, f => f.Code == "dir-not-searchable");
        Assert.Contains($"nobody cannot enter {tmp.Path} (mode 0700", f.Message);
        Assert.Equal(1, report.ExitCode);
    }

    [Fact]
    public void WorldReadableKeyIsAnErrorUnderUserAndAWarningWithout()
    {
        var d = Corpus.Get("broken/world-readable-key");
        using var tmp = new TempDir();
        var path = d.Write(tmp.Path);
        var plain = CertDirChecker.Check(new CertDirCheckOptions(path, Tls.Creds.TlsEndpoint.Server), QcryptoCatalog.Create());
        Assert.Contains(plain.Findings, f => f.Code == "key-readable-by-others" && f.Severity == FindingSeverity.Warning);
        Assert.Equal(0, plain.ExitCode);
        var audited = AsUser(path, "root");
        Assert.Contains(audited.Findings, f => f.Code == "key-readable-by-others" && f.Severity == FindingSeverity.Error && f.Hint == $"chmod o-rwx {path}/server-key.pem");
    }

    [Fact]
    public void AGroupWithOtherMembersIsFlagged()
    {
        // A private /etc with a group that has a second member.
        var d = Corpus.Get("extra/good-ecdsa-server");
        using var tmp = new TempDir();
        var path = d.Write(tmp.Path);
        File.SetUnixFileMode(tmp.Path, (UnixFileMode)0x1ed);
        File.SetUnixFileMode(path, (UnixFileMode)0x1ed);
        var etc = tmp.Sub("etc");
        File.WriteAllText(Path.Combine(etc, "passwd"), "root:x:0:0::/root:/bin/sh\nemu:x:65534:4242::/:/bin/false\nbob:x:4243:4243::/:/bin/false\n");
        File.WriteAllText(Path.Combine(etc, "group"), "root:x:0:\nkeys:x:65534:emu,bob\n");
        // server-key.pem 0640 root:<gid 65534>, the user's group via membership.
        File.SetUnixFileMode(Path.Combine(path, "server-key.pem"), (UnixFileMode)0x1a0);
        Chgrp(Path.Combine(path, "server-key.pem"), "65534");
        var report = AsUser(path, "emu", etc);
        Assert.Contains(report.Findings, f => f.Code == "key-group-shared" && f.Message.Contains("bob", StringComparison.Ordinal));
        Assert.Throws<CertDirCheckException>(() => AsUser(path, "no-such-user", etc));
    }

    private static void Chgrp(string path, string group)
    {
        var r = Tools.Run("chgrp", [group, path]);
        Assert.True(r.ExitCode == 0, r.Stderr);
    }
}
