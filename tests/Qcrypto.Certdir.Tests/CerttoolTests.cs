using System.Text;
using Qcrypto.Certdir.Tests.Support;
using Qcrypto.Tls.Checks;

namespace Qcrypto.Certdir.Tests;

/// <summary>
/// Chain verdicts cross-checked with GnuTLS's certtool: <c>certtool --verify --load-ca-certificate ca-cert.pem
/// --infile CERT</c> verifies the certificate file (leaf first, then any chain in it) against ca-cert.pem. The
/// checker's chain verdict (no issuer-not-found / chain-untrusted / chain-out-of-order, no refused signature, no
/// expired or not yet valid certificate in the chain) must agree for every corpus directory with a certificate and a CA file.
/// </summary>
public class CerttoolTests
{
    private static readonly string[] ChainBreakers = ["issuer-not-found", "chain-untrusted"];

    // A certificate or CA file that cannot be parsed has no valid chain either (certtool fails to load it).
    private static readonly string[] Unparsable = ["not-pem", "pem-truncated", "empty-file", "pem-wrong-content"];

    [Fact]
    public void ChainVerdictsAgreeWithCerttool()
    {
        var certtool = Tools.Require("certtool", "gnutls-bin");
        using var tmp = new TempDir();
        var table = new StringBuilder();
        var disagreements = new List<string>();
        var compared = 0;
        foreach (var d in Corpus.All.Where(d => d.HasChain))
        {
            var path = d.Write(tmp.Path);
            var cert = Path.Combine(path, d.Endpoint == TestCerts.Endpoint.Server ? "server-cert.pem" : "client-cert.pem");
            var ca = Path.Combine(path, "ca-cert.pem");
            if (!File.Exists(cert) || !File.Exists(ca))
            {
                continue;
            }

            var r = Tools.Run(certtool, ["--verify", "--load-ca-certificate", ca, "--infile", cert]);
            var certtoolValid = r.ExitCode == 0;
            var report = TableTests.Check(d, path);
            var ours = !report.Findings.Any(f => ChainBreakers.Contains(f.Code) || (f.Code == "weak-signature" && f.Severity == FindingSeverity.Error)
                || (Unparsable.Contains(f.Code) && f.File is "ca-cert.pem" or "server-cert.pem" or "client-cert.pem"));
            compared++;
            var verdictLine = (r.Stdout + r.Stderr).Split('\n').FirstOrDefault(l => l.Contains("Chain verification output", StringComparison.Ordinal))?.Trim() ?? $"exit {r.ExitCode}";
            table.AppendLine($"{d.Name,-44} certtool {(certtoolValid ? "valid  " : "invalid")} certdir {(ours ? "valid  " : "invalid")} {verdictLine}");
            if (certtoolValid != ours)
            {
                disagreements.Add($"{d.Name}: certtool {(certtoolValid ? "valid" : "invalid")} ({verdictLine}); certdir: {string.Join("; ", report.Findings.Select(f => $"[{f.Code}] {f.Message}"))}");
            }
        }

        table.AppendLine($"{compared - disagreements.Count}/{compared} chain verdicts agree with certtool --verify");
        TestContext.Current.TestOutputHelper?.WriteLine(table.ToString());
        Assert.True(compared >= 80, $"only {compared} directories compared");
        Assert.True(disagreements.Count == 0, string.Join("\n", disagreements) + "\n" + table);
    }
}
