using System.Text.RegularExpressions;
using Qcrypto.Certdir.Tests.Support;
using Qcrypto.TestSupport;

namespace Qcrypto.Certdir.Tests;

/// <summary>
/// The human and JSON reports of a few representative directories, as the CLI prints them, against checked-in files
/// under golden/ (temp paths and dates normalised). Set QCRYPTO_UPDATE_GOLDEN=1 to rewrite them, then review the diff.
/// </summary>
public partial class GoldenReportTests
{
    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}")]
    private static partial Regex Dates();

    [Theory]
    [InlineData("broken/good-server")]
    [InlineData("broken/wrong-ca")]
    [InlineData("broken/key-cert-mismatch")]
    [InlineData("broken/chain-in-cert-file")]
    [InlineData("extra/psk-junk")]
    [InlineData("extra/good-client")]
    public void Reports(string name)
    {
        var d = Corpus.Get(name);
        using var tmp = new TempDir();
        var path = d.Write(tmp.Path);
        var endpoint = d.Endpoint == TestCerts.Endpoint.Server ? "server" : "client";
        var human = Tools.Qcrypto("certdir", "check", path, "--endpoint", endpoint);
        var json = Tools.Qcrypto("certdir", "check", path, "--endpoint", endpoint, "--json");
        Assert.Equal(human.ExitCode, json.ExitCode);
        Assert.Empty(human.Stderr);
        Assert.DoesNotContain("\e[", human.Stdout);
        var file = name.Replace('/', '-');
        Golden.Match($"{file}.txt", Normalise(human.Stdout, path));
        Golden.Match($"{file}.json", Normalise(json.Stdout, path));
        using var doc = System.Text.Json.JsonDocument.Parse(json.Stdout);
        Assert.Equal(human.ExitCode == 0, doc.RootElement.GetProperty("ok").GetBoolean());

        // Key material never appears: not the PEM body of any key file.
        foreach (var key in Directory.GetFiles(path, "*key*.pem"))
        {
            var body = File.ReadAllText(key).Split('\n').Where(l => l.Length > 20 && !l.StartsWith("-----", StringComparison.Ordinal));
            Assert.All(body, line => Assert.DoesNotContain(line, human.Stdout + json.Stdout));
        }
    }

    private static string Normalise(string text, string path) => Dates().Replace(text.Replace(path, "DIR", StringComparison.Ordinal), "YYYY-MM-DD");

}
