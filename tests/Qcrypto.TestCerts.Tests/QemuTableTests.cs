namespace Qcrypto.TestCerts.Tests;

/// <summary>The scenario tables hold exactly QEMU's cases, and their verdicts relate the way QEMU's history says.</summary>
public class QemuTableTests
{
    // Copied from the TLS_TEST_REG lines of tests/unit/test-crypto-tlscredsx509.c, in order, with expectFail.
    private static readonly (string Name, bool ExpectFail)[] s_credsX509 =
    [
        ("perfectserver", false), ("perfectclient", false),
        ("goodca1", false), ("goodca2", false), ("goodca3", false),
        ("badca1", true), ("badca2", true), ("badca3", true),
        ("goodserver1", false), ("goodserver2", false), ("goodserver3", false), ("goodserver4", false),
        ("goodserver5", false), ("goodserver6", false), ("goodserver7", false),
        ("badserver1", true), ("badserver2", true), ("badserver3", true),
        ("goodclient1", false), ("goodclient2", false), ("goodclient3", false), ("goodclient4", false),
        ("goodclient5", false), ("goodclient6", false), ("goodclient7", false),
        ("badclient1", true), ("badclient2", true), ("badclient3", true),
        ("expired1", true), ("expired2", true), ("expired3", true),
        ("inactive1", true), ("inactive2", true), ("inactive3", true),
        ("chain1", false), ("chain2", false),
        ("missingca", true), ("missingserver", true), ("missingclient", false),
    ];

    // tests/unit/test-crypto-tlssession.c: the psk test, then TEST_SESS_REG(_EXT) with expectServerFail, expectClientFail.
    private static readonly (string Name, bool ServerFails, bool ClientFails)[] s_sessions =
    [
        ("psk", false, false),
        ("basicca", false, false), ("differentca", true, true),
        ("altname1", false, false), ("altname2", false, false), ("altname3", false, true), ("altname4", false, false),
        ("altname5", false, false), ("altname6", false, true), ("altname7", false, false), ("altname8", false, false),
        ("wildcard1", true, false), ("wildcard2", false, false), ("wildcard3", false, false),
        ("wildcard4", true, false), ("wildcard5", false, false), ("wildcard6", false, false),
        ("cachain", false, false),
    ];

    [Theory]
    [InlineData(QemuTestEdition.Newer)]
    [InlineData(QemuTestEdition.Qemu72)]
    public void CredsX509TableHasEveryQemuCaseInOrderWithQemusExpectation(QemuTestEdition edition)
    {
        var cases = QemuTestCerts.CredsX509Cases(edition);
        Assert.Equal(s_credsX509.Select(c => c.Name), cases.Select(c => c.Name));
        foreach (var (name, expectFail) in s_credsX509)
        {
            var scenario = QemuTestCerts.CredsX509Case(name, edition);
            Assert.True(scenario.NewerQemu is { } v && v.Passes == !expectFail, $"{name}: newer-table verdict {scenario.NewerQemu}");
        }
    }

    [Fact]
    public void SessionTableHasEveryQemuCaseInOrderWithQemusExpectation()
    {
        Assert.Equal(s_sessions.Select(c => c.Name), QemuTestCerts.SessionCases().Select(c => c.Name));
        foreach (var (name, serverFails, clientFails) in s_sessions)
        {
            var scenario = QemuTestCerts.SessionCase(name);
            Assert.Equal(!serverFails, scenario.ServerCheck.Passes);
            Assert.Equal(!clientFails, scenario.ClientCheck.Passes);
        }
    }

    [Fact]
    public void UnderQemu72Point22TheNewerTableHoldsCaseForCase()
    {
        // 7.2.22 took the keyEncipherment change, so QEMU 7.2 as Debian ships it now agrees with the newer table.
        foreach (var scenario in QemuTestCerts.CredsX509Cases(QemuTestEdition.Newer))
        {
            Assert.True(scenario.Qemu72.Passes == scenario.NewerQemu!.Passes, $"{scenario.Name}: 7.2 {scenario.Qemu72} vs newer {scenario.NewerQemu}");
        }
    }

    [Fact]
    public void BeforeQemu72Point22TheNewerTablesLeavesFailForLackOfKeyEncipherment()
    {
        var perfect = QemuTestCerts.CredsX509Case("perfectserver");
        Assert.False(perfect.Qemu72Pre22.Passes);
        Assert.Equal("Certificate /d/server-cert.pem usage does not permit key encipherment", perfect.Qemu72Pre22.MessageFor("/d"));
        Assert.Equal("Certificate /d/client-cert.pem usage does not permit key encipherment",
            QemuTestCerts.CredsX509Case("perfectclient").Qemu72Pre22.MessageFor("/d"));

        // Exactly the cases whose leaf has a critical keyUsage with digitalSignature but no keyEncipherment, and
        // valid times, change; expired/inactive leaves, leaves without digitalSignature and a missing ca-cert.pem
        // fail earlier anyway.
        var changed = QemuTestCerts.CredsX509Cases(QemuTestEdition.Newer)
            .Where(s => s.Qemu72Pre22 != s.Qemu72).Select(s => s.Name);
        Assert.Equal(
            ["perfectserver", "perfectclient", "goodca1", "goodca2", "goodca3", "badca1", "badca2", "badca3",
             "goodserver2", "goodclient2", "expired1", "inactive1", "chain1", "chain2"],
            changed);
    }

    [Fact]
    public void TheQemu72EditionPassesQemusOwnExpectationsUnderEvery72Release()
    {
        foreach (var scenario in QemuTestCerts.CredsX509Cases(QemuTestEdition.Qemu72))
        {
            Assert.Equal(scenario.NewerQemu!.Passes, scenario.Qemu72.Passes);
            Assert.Equal(scenario.Qemu72, scenario.Qemu72Pre22);
        }
    }

    [Fact]
    public void UnknownNamesSayWhatIsKnown()
    {
        var e = Assert.Throws<KeyNotFoundException>(() => QemuTestCerts.CredsX509Case("perfectserverr"));
        Assert.Contains("perfectserver,", e.Message);
        Assert.Throws<KeyNotFoundException>(() => QemuTestCerts.SessionCase("nope"));
        Assert.Throws<KeyNotFoundException>(() => BrokenCertDirs.Get("nope"));
    }

    [Fact]
    public void EveryBrokenDefectHasAScenario()
    {
        var covered = BrokenCertDirs.All.Select(s => s.Defect).ToHashSet();
        foreach (var defect in Enum.GetValues<CertDirDefect>())
        {
            Assert.Contains(defect, covered);
        }

        Assert.Equal(BrokenCertDirs.All.Count, BrokenCertDirs.All.Select(s => s.Name).Distinct().Count());
    }
}
