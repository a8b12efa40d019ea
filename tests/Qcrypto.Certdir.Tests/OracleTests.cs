using System.Text;
using Qcrypto.Certdir.Tests.Support;

namespace Qcrypto.Certdir.Tests;

/// <summary>
/// The oracle: real QEMU 7.2 on every directory of the corpus. Server directories are served by
/// <c>qemu-nbd --object tls-creds-x509,...,endpoint=server,verify-peer=on --tls-creds t0</c> on loopback (it serves,
/// or exits with an error); client directories are created by <c>qemu-img info --object tls-creds-x509,...,endpoint=client</c>.
/// <c>qcrypto certdir check</c> (the CLI, as a user runs it) must exit 0 exactly when QEMU accepts the directory,
/// for 100% of the corpus. The corpus and the agreement are printed.
/// </summary>
public class OracleTests
{
    [Fact]
    public void CertdirCheckAgreesWithQemuOnEveryDirectory()
    {
        Tools.Require("qemu-nbd", "qemu-utils");
        Tools.Require("qemu-img", "qemu-utils");
        using var tmp = new TempDir();
        var rows = new List<(string Name, string Endpoint, string Oracle, bool QemuOk, int Exit, bool Agrees, string Detail)>();
        foreach (var d in Corpus.All)
        {
            var path = d.Write(tmp.Path);
            bool qemuOk;
            string oracle, detail;
            var endpoint = d.Endpoint == TestCerts.Endpoint.Server ? "server" : "client";
            if (endpoint == "server")
            {
                (qemuOk, detail) = Tools.QemuNbdServes(path, tmp.Path, d.Password);
                oracle = "qemu-nbd";
            }
            else
            {
                var pw = d.Password is null ? new string[0] : ["--object", $"secret,id=keypw,data={d.Password}"];
                var r = Tools.Run("qemu-img", ["info", .. pw, "--object", $"tls-creds-x509,id=t0,dir={path},endpoint=client,verify-peer=on{(d.Password is null ? "" : ",passwordid=keypw")}", "null-co://"]);
                qemuOk = r.ExitCode == 0;
                detail = r.Stderr.Trim();
                oracle = "qemu-img";
            }

            string[] args = ["certdir", "check", path, "--endpoint", endpoint];
            if (d.Password is not null)
            {
                args = [.. args, "--object", $"secret,id=keypw,data={d.Password}", "--passwordid", "keypw"];
            }

            var check = Tools.Qcrypto(args);
            Assert.DoesNotContain("   at ", check.Stderr);
            rows.Add((d.Name, endpoint, oracle, qemuOk, check.ExitCode, qemuOk == (check.ExitCode == 0) && check.ExitCode is 0 or 1,
                qemuOk ? string.Empty : detail.Replace(path, "DIR", StringComparison.Ordinal)));
        }

        var report = new StringBuilder();
        report.AppendLine($"{"directory",-44} {"endpoint",-8} {"oracle",-9} {"QEMU",-8} {"certdir",-8} agree");
        foreach (var r in rows)
        {
            report.AppendLine($"{r.Name,-44} {r.Endpoint,-8} {r.Oracle,-9} {(r.QemuOk ? "serves" : "refuses"),-8} {"exit " + r.Exit,-8} {(r.Agrees ? "yes" : "NO")}  {r.Detail}");
        }

        var servers = rows.Where(r => r.Endpoint == "server").ToList();
        report.AppendLine($"qemu-nbd (server dirs): {servers.Count(r => r.Agrees)}/{servers.Count} agree; qemu-img (client dirs): " +
            $"{rows.Count(r => r.Endpoint == "client" && r.Agrees)}/{rows.Count(r => r.Endpoint == "client")} agree; " +
            $"QEMU accepts {rows.Count(r => r.QemuOk)}, refuses {rows.Count(r => !r.QemuOk)} of {rows.Count}");
        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());
        // The table is kept for reading after the run, outside the checkout (tests write only under the temp directory).
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "qcrypto-oracle-agreement.txt"), report.ToString());
        Assert.True(rows.All(r => r.Agrees), "certdir check disagrees with QEMU:\n" + report);
        Assert.Contains(rows, r => r.QemuOk);
        Assert.Contains(rows, r => !r.QemuOk);
    }
}
