using Qcrypto.TestCerts.Tests.Support;

namespace Qcrypto.TestCerts.Tests;

/// <summary>
/// Every directory scenario's <see cref="Scenario.Qemu72"/> verdict, message included, is what the installed
/// QEMU 7.2 does when asked to create -object tls-creds-x509 on it.
/// </summary>
public class QemuCredsOracleTests
{
    public static TheoryData<QemuTestEdition, string> CredsX509Cases()
    {
        var data = new TheoryData<QemuTestEdition, string>();
        foreach (var edition in Enum.GetValues<QemuTestEdition>())
        {
            foreach (var scenario in QemuTestCerts.CredsX509Cases(edition))
            {
                data.Add(edition, scenario.Name);
            }
        }

        return data;
    }

    public static TheoryData<string> BrokenCases() => new(BrokenCertDirs.All.Select(s => s.Name));

    [Fact]
    public void TheQemuHereIs72Point22OrLater()
    {
        // The Qemu72 verdicts are those of 7.2.22+ (no keyEncipherment demand); an older 7.2 would need Qemu72Pre22.
        var version = ExternalTool.Run("qemu-img", "--version").ShouldSucceed().Stdout;
        var match = System.Text.RegularExpressions.Regex.Match(version, @"qemu-img version 7\.2\.(\d+)");
        Assert.True(match.Success, $"these verdicts are for QEMU 7.2, found: {version}");
        Assert.True(int.Parse(match.Groups[1].Value) >= 22, $"QEMU 7.2.22 or later expected, found: {version}");
    }

    [Theory]
    [MemberData(nameof(CredsX509Cases))]
    public void Qemu72AgreesWithTheCredsX509Case(QemuTestEdition edition, string name)
    {
        using var dir = new TempDir();
        var scenario = QemuTestCerts.CredsX509Case(name, edition);
        var path = ScenarioWriter.Write(scenario, dir.File(name));
        QemuImg.ShouldMatch(QemuImg.CreateX509Creds(path, scenario.Endpoint), scenario.Qemu72, path, $"{edition}/{name}");
    }

    [Theory]
    [MemberData(nameof(BrokenCases))]
    public void Qemu72AgreesWithTheBrokenDirectory(string name)
    {
        using var dir = new TempDir();
        var scenario = BrokenCertDirs.Get(name);
        var path = ScenarioWriter.Write(scenario, dir.File(name));
        QemuImg.ShouldMatch(QemuImg.CreateX509Creds(path, scenario.Endpoint, scenario.KeyPassword), scenario.Qemu72, path, name);
    }

    [Fact]
    public void AnEncryptedKeyNeedsItsPassword()
    {
        using var dir = new TempDir();
        var scenario = BrokenCertDirs.Get("encrypted-key");
        var path = ScenarioWriter.Write(scenario, dir.Path);
        var cert = Path.Combine(path, QemuFileNames.ServerCert);
        var key = Path.Combine(path, QemuFileNames.ServerKey);

        var without = QemuImg.CreateX509Creds(path, Endpoint.Server).ShouldFail();
        Assert.StartsWith($"qemu-img: Cannot load certificate '{cert}' & key '{key}': ", without.Stderr);
        var wrong = QemuImg.CreateX509Creds(path, Endpoint.Server, "not-the-password").ShouldFail();
        Assert.StartsWith($"qemu-img: Cannot load certificate '{cert}' & key '{key}': ", wrong.Stderr);
        QemuImg.CreateX509Creds(path, Endpoint.Server, scenario.KeyPassword).ShouldSucceed();
    }

    [Fact]
    public void WithSanityChecksOffQemuLoadsWhatGnuTlsCanLoad()
    {
        // The newer table's badca cases only fail QEMU's own checks; with sanity-check=off GnuTLS loads them.
        using var dir = new TempDir();
        foreach (var name in new[] { "badca2", "badca3", "badserver1", "expired2" })
        {
            var scenario = QemuTestCerts.CredsX509Case(name);
            var path = ScenarioWriter.Write(scenario, dir.File(name));
            QemuImg.CreateX509Creds(path, scenario.Endpoint, extra: ",sanity-check=off").ShouldSucceed();
        }
    }
}
