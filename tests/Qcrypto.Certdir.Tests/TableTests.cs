using Qcrypto.Certdir.Tests.Support;
using Qcrypto.Composition;
using Qcrypto.Errors;
using Qcrypto.Tls.Checks;
using Qcrypto.Tls.Creds;

namespace Qcrypto.Certdir.Tests;

/// <summary>
/// Every directory of the corpus, in process: QEMU 7.2's verdict and message for every case of QEMU's tlscredsx509
/// table and the broken directories, the findings each broken directory must produce, and the invariant that the
/// exit code is 0 exactly when the emulator loads the directory.
/// </summary>
public class TableTests
{
    public static TheoryData<string> All() => Corpus.Names();

    internal static CertDirReport Check(CorpusDir d, string path, Func<CertDirCheckOptions, CertDirCheckOptions>? tweak = null)
    {
        var options = new CertDirCheckOptions(path, d.Endpoint == TestCerts.Endpoint.Server ? TlsEndpoint.Server : TlsEndpoint.Client);
        if (d.Password is not null)
        {
            options = options with { ObjectLines = [$"secret,id=keypw,data={d.Password}"], PasswordId = "keypw" };
        }

        return CertDirChecker.Check(tweak is null ? options : tweak(options), QcryptoCatalog.Create());
    }

    [Theory]
    [MemberData(nameof(All))]
    public void VerdictMessageAndFindings(string name)
    {
        var d = Corpus.Get(name);
        using var tmp = new TempDir();
        var path = d.Write(tmp.Path);
        var report = Check(d, path);
        var summary = string.Join("\n", report.Findings.Select(f => $"{f.SeverityName} [{f.Code}] {f.Message}"));

        if (d.Expected is { } expected)
        {
            Assert.True(expected.Passes == report.QemuLoads, $"{name}: QEMU 7.2 {(expected.Passes ? "loads" : "refuses")} it, the checker says otherwise:\n{summary}");
            if (!expected.Passes && expected.MessageFor(path) is { } message)
            {
                var qemu = Assert.Single(report.Findings, f => f.QemuMessage is not null);
                Assert.Equal(message, qemu.QemuMessage);
                Assert.Equal(FindingSeverity.Error, qemu.Severity);
            }
        }

        // One source of truth: exit 0 exactly when the emulator's object loads.
        Assert.True(report.QemuLoads == (report.ExitCode == 0), $"{name}: exit {report.ExitCode} but QEMU {(report.QemuLoads ? "loads" : "refuses")} it:\n{summary}");
        foreach (var code in d.ExpectedCodes)
        {
            Assert.True(report.Findings.Any(f => f.Code == code), $"{name}: expected a [{code}] finding, got:\n{summary}");
        }

        // Every finding is explained by the same table explain uses, and names a fix.
        foreach (var f in report.Findings)
        {
            Assert.NotEmpty(ExplainTable.Lookup(f.Code));
            Assert.False(string.IsNullOrWhiteSpace(f.Hint), $"{name}: [{f.Code}] has no fix hint");
        }
    }

    [Fact]
    public void GoodDirectoriesHaveNoFindingsAtAll()
    {
        foreach (var name in new[] { "extra/good-ecdsa-server", "extra/good-client", "extra/chain-5-deep", "broken/good-server" })
        {
            var d = Corpus.Get(name);
            using var tmp = new TempDir();
            // testcerts certificates live 24 hours: no expiry window here.
            var report = Check(d, d.Write(tmp.Path), o => o with { WarnDays = 0 });
            Assert.True(report.QemuLoads);
            Assert.True(report.Findings.Count == 0, $"{name}: {string.Join("; ", report.Findings.Select(f => f.Message))}");
        }
    }

    [Fact]
    public void AnEncryptedKeyLoadsWithItsPasswordAndNotWithout()
    {
        var d = Corpus.Get("broken/encrypted-key");
        using var tmp = new TempDir();
        var path = d.Write(tmp.Path);
        Assert.True(Check(d, path).QemuLoads);

        var without = Check(d, path, o => o with { ObjectLines = [], PasswordId = null });
        Assert.False(without.QemuLoads);
        Assert.Contains(without.Findings, f => f.Code == "key-encrypted");

        var wrong = Check(d, path, o => o with { ObjectLines = ["secret,id=keypw,data=wrong-password"] });
        Assert.False(wrong.QemuLoads);
        Assert.Contains(wrong.Findings, f => f.Code == "key-password-wrong");
    }

    [Fact]
    public void HostnamesAreCheckedAgainstTheSubjectAltNames()
    {
        var d = Corpus.Get("extra/good-ecdsa-server");
        using var tmp = new TempDir();
        var path = d.Write(tmp.Path);
        var ok = Check(d, path, o => o with { Hostnames = ["extra.example"] });
        Assert.Equal(0, ok.ExitCode);

        var bad = Check(d, path, o => o with { Hostnames = ["extra.example", "192.0.2.7", "other.example"] });
        Assert.Equal(1, bad.ExitCode);
        Assert.True(bad.QemuLoads);
        var mismatches = bad.Findings.Where(f => f.Code == "hostname-mismatch").ToList();
        Assert.Equal(2, mismatches.Count);
        Assert.Contains("'192.0.2.7'", mismatches[0].Message);
        Assert.Contains("DNS:extra.example", mismatches[0].Message);
        // The fix names the address to reissue for as data (the CLI words it as --ip 192.0.2.7).
        Assert.Contains(mismatches[0].Fix!.Actions, a => a.Arguments.Contains(ToolArgument.Named("ip", "192.0.2.7")));
    }

    [Fact]
    public void ExpiryWindowIsConfigurable()
    {
        var d = Corpus.Get("broken/expires-in-10-days");
        using var tmp = new TempDir();
        var path = d.Write(tmp.Path);
        Assert.Contains(Check(d, path).Findings, f => f.Code == "expires-soon" && f.File == "server-cert.pem");
        Assert.DoesNotContain(Check(d, path, o => o with { WarnDays = 5 }).Findings, f => f.Code == "expires-soon" && f.File == "server-cert.pem");
    }

    [Fact]
    public void VerifyPeerOffIsAWarning()
    {
        var d = Corpus.Get("extra/good-ecdsa-server");
        using var tmp = new TempDir();
        var report = Check(d, d.Write(tmp.Path), o => o with { VerifyPeer = false });
        Assert.Equal(0, report.ExitCode);
        Assert.Contains(report.Findings, f => f.Code == "verify-peer-off" && f.Severity == FindingSeverity.Warning);
        Assert.EndsWith("verify-peer=off,sanity-check=on", report.QemuObject);
    }

    [Fact]
    public void ClientEndpointRefusesHostname()
    {
        var d = Corpus.Get("extra/good-client");
        using var tmp = new TempDir();
        var e = Assert.Throws<CertDirCheckException>(() => Check(d, d.Write(tmp.Path), o => o with { Hostnames = ["x"] }));
        // The library names the options as data; only the CLI words them as flags.
        Assert.Contains(e.Problem.Actions, a => a.Arguments.Contains(ToolArgument.Named("endpoint", "server")));
        Assert.DoesNotContain("--", e.Message);
    }
}
