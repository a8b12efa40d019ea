using Qcrypto.Certdir.Tests.Support;
using Qcrypto.Tls.Checks;

namespace Qcrypto.Certdir.Tests;

/// <summary><c>qcrypto explain</c>: every message the checker and QEMU produce, GnuTLS's texts, libvirt's wrappers, codes and status bits.</summary>
public class ExplainTests
{
    [Fact]
    public void EveryQemuMessageOfTheCorpusIsExplained()
    {
        using var tmp = new TempDir();
        var seen = 0;
        foreach (var d in Corpus.All)
        {
            var report = TableTests.Check(d, d.Write(tmp.Path));
            foreach (var f in report.Findings.Where(f => f.QemuMessage is not null))
            {
                var entries = ExplainTable.Lookup(f.QemuMessage!);
                Assert.True(entries.Any(e => e.Source == "qemu" && e.Code == f.Code), $"{d.Name}: no QEMU entry with code {f.Code} for \"{f.QemuMessage}\"");
                seen++;
            }
        }

        Assert.True(seen >= 40, $"only {seen} QEMU messages in the corpus");
    }

    [Theory]
    [InlineData("qemu-system-x86_64: Unable to access credentials /etc/pki/qemu/client-cert.pem: No such file or directory", "tls-file-access")]
    [InlineData("Cannot write to TLS channel: Input/output error", "tls-channel")]
    [InlineData("error: internal error: qemu unexpectedly closed the monitor: The TLS connection was non-properly terminated.", "gnutls-110")]
    [InlineData("Software caused connection abort", "connection-abort")]
    [InlineData("Certificate [session] owner does not match the hostname dell-per740-03.example.com", "libvirt-hostname")]
    [InlineData("Failed to load certificate and key: Error while reading file. (-64)", "gnutls-64")]
    [InlineData("TLS handshake failed: Could not negotiate a supported cipher suite.", "gnutls-21")]
    [InlineData("Our own certificate /etc/pki/qemu/server-cert.pem failed validation against /etc/pki/qemu/ca-cert.pem: The certificate hasn't got a known issuer", "tls-sanity-pair")]
    [InlineData("Certificate does not match the hostname 10.0.0.5", "tls-hostname")]
    [InlineData("No certificate peers", "tls-no-peer-certificate")]
    [InlineData("IV should be 16 bytes in length not 32", "secret-iv-length")]
    [InlineData("Incorrect number of padding bytes (17) found on decrypted data", "secret-padding")]
    [InlineData("Key should be 32 bytes in length", "secret-key-length")]
    [InlineData("-64", "gnutls-64")]
    [InlineData("GNUTLS_E_CERTIFICATE_KEY_MISMATCH", "gnutls-60")]
    [InlineData("key-cert-mismatch", "key-cert-mismatch")]
    [InlineData("numbered-identity-gap", "numbered-identity-gap")]
    public void MessagesAndCodes(string text, string id)
    {
        var entries = ExplainTable.Lookup(text);
        Assert.Contains(entries, e => e.Id == id);
        Assert.All(entries, e => Assert.False(string.IsNullOrWhiteSpace(e.Fix.ToString())));
    }

    [Fact]
    public void ACodeListsAllItsMessages()
    {
        var entries = ExplainTable.Lookup("tls-sanity-check");
        Assert.True(entries.Count >= 10);
        Assert.All(entries, e => Assert.Equal("tls-sanity-check", e.Code));
    }

    [Fact]
    public void VerificationStatusBits()
    {
        var e = Assert.Single(ExplainTable.Lookup("0x142"));
        Assert.Contains("GNUTLS_CERT_INVALID | GNUTLS_CERT_SIGNER_NOT_FOUND | GNUTLS_CERT_INSECURE_ALGORITHM", e.Title);
        Assert.Contains(e.Causes, c => c.ToString().Contains("The certificate uses an insecure algorithm", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryCheckRuleIsExplainedAndGnuTlsTextsAreTheInstalledOnes()
    {
        foreach (var rule in CheckRules.All)
        {
            Assert.Equal(rule.Code, Assert.Single(ExplainTable.Lookup(rule.Code)).Id);
        }

        Assert.Equal(CheckRules.All.Count, CheckRules.All.Select(r => r.Code).Distinct().Count());
        Assert.Equal("Error while reading file.", ExplainTable.All.Single(e => e.Id == "gnutls-64").Title);
        Assert.Equal("GNUTLS_E_FILE_ERROR", ExplainTable.All.Single(e => e.Id == "gnutls-64").Code);
    }

    [Fact]
    public void Cli()
    {
        var known = Tools.Qcrypto("explain", "Unable", "to", "access", "credentials", "/etc/pki/qemu/ca-cert.pem:", "No", "such", "file", "or", "directory");
        Assert.Equal(0, known.ExitCode);
        Assert.StartsWith("tls-file-access: a credentials file is missing or cannot be accessed\n  from: QEMU (code tls-file-access)\n", known.Stdout);
        Assert.Contains("  fix: ", known.Stdout);

        var piped = Tools.Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "qcrypto.dll"), "explain", "-"], stdin: "The TLS connection was non-properly terminated.\n");
        Assert.Equal(0, piped.ExitCode);
        Assert.Contains("gnutls-110", piped.Stdout);

        var unknown = Tools.Qcrypto("explain", "the moon is made of cheese");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("no explanation known", unknown.Stderr);

        var json = Tools.Qcrypto("explain", "--json", "weak-dh-params");
        using var doc = System.Text.Json.JsonDocument.Parse(json.Stdout);
        Assert.True(doc.RootElement.GetProperty("found").GetBoolean());
        Assert.Equal("check", doc.RootElement.GetProperty("explanations")[0].GetProperty("source").GetString());
    }
}
