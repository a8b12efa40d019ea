using Qcrypto.Composition;
using Qcrypto.Errors;
using Qcrypto.TestCerts;
using Qcrypto.Tls.Tests.Tools;

namespace Qcrypto.Tls.Tests;

/// <summary>
/// Every case of QEMU's tests/unit/test-crypto-tlscredsx509.c (both editions of its certificates),
/// plus the broken directories, created as tls-creds-x509 with verify-peer and sanity-check on: the
/// verdict and message must be QEMU 7.2.22's (Debian 12's), which the testcerts tests confirm
/// against the real qemu-img.
/// </summary>
public class QemuCredsX509TableTests
{
    public static TheoryData<string, QemuTestEdition> Cases()
    {
        var data = new TheoryData<string, QemuTestEdition>();
        foreach (var edition in new[] { QemuTestEdition.Newer, QemuTestEdition.Qemu72 })
        {
            foreach (var s in QemuTestCerts.CredsX509Cases(edition))
            {
                data.Add(s.Name, edition);
            }
        }

        return data;
    }

    public static TheoryData<string> BrokenDirs() => [.. BrokenCertDirs.All.Select(s => s.Name)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void QemuTable(string name, QemuTestEdition edition) => Check(QemuTestCerts.CredsX509Case(name, edition));

    [Theory]
    [MemberData(nameof(BrokenDirs))]
    public void BrokenDirectories(string name) => Check(BrokenCertDirs.Get(name));

    private static void Check(Scenario scenario)
    {
        using var dir = new CredsDir();
        ScenarioWriter.Write(scenario, dir.Path);
        using var registry = QcryptoCatalog.CreateRegistry();
        var password = scenario.KeyPassword is null ? string.Empty : ",passwordid=pw";
        if (scenario.KeyPassword is not null)
        {
            File.WriteAllText(dir.File("pw"), scenario.KeyPassword);
            File.SetUnixFileMode(dir.File("pw"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
            registry.Add($"secret,id=pw,file={dir.File("pw")}");
        }

        var line = $"tls-creds-x509,id=t,endpoint={scenario.Endpoint.ToQemuName()},dir={dir.Path},verify-peer=on,sanity-check=on{password}";
        var expected = scenario.Qemu72;
        if (expected.Passes)
        {
            registry.Add(line);
            return;
        }

        var e = Assert.ThrowsAny<QcryptoException>(() => registry.Add(line));
        if (expected.MessageFor(dir.Path) is { } message)
        {
            Assert.Equal(message, e.QemuMessage);
        }
    }
}
