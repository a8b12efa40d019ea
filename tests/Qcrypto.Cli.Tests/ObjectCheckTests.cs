namespace Qcrypto.Cli.Tests;

/// <summary><c>qcrypto object check</c>: verdicts, QEMU messages, exit codes, and no secret in any output.</summary>
public class ObjectCheckTests
{
    // QEMU's own known-answer vector (tests/unit/test-crypto-secret.c): "123456" under this key and IV.
    private const string Master = "secret,id=master,data=9miloPQCzGy+TL6aonfzVcptibCmCIhKzrnlfwiWivk=,format=base64";
    private const string Encrypted = "secret,id=sec0,keyid=master,data=zL/3CUYZC1IqOrRrzXqwsA==,format=base64,iv=0I7Gw/TKuA+Old2W2apQ3g==";

    private static readonly string[] Mixed =
    [
        Master,
        Encrypted,
        "secret,id=sec1,keyid=master,data=zL/3CUYZC1IqOrRrzXqwsA==,format=base64",
        "secret,id=sec2,data=letmein,foo=bar",
        "tls-creds-x509,id=tls0,endpoint=server,dir=/etc/pki/qemu,verify-peer=maybe",
        "memory-backend-ram,id=ram0,size=1.5G,share",
        "secret,id=sec0,data=x",
        "secrte,id=s9,data=x",
    ];

    private static string[] Args(params string[] lines) => ["object", "check", .. lines.SelectMany(l => new[] { "--object", l })];

    [Fact]
    public void HumanReport()
    {
        var r = CliRunner.Run(Path.GetTempPath(), Args(Mixed));
        Assert.Equal(1, r.ExitCode);
        Golden.Match("object-check-mixed.txt", r.Stdout);
        Assert.Empty(r.Stderr);
    }

    [Fact]
    public void JsonReport()
    {
        var r = CliRunner.Run(Path.GetTempPath(), [.. Args(Mixed), "--json"]);
        Assert.Equal(1, r.ExitCode);
        Golden.Match("object-check-mixed.json", r.Stdout);
        using var doc = System.Text.Json.JsonDocument.Parse(r.Stdout);
        Assert.False(doc.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(Mixed.Length, doc.RootElement.GetProperty("objects").GetArrayLength());
    }

    [Fact]
    public void PlaintextSecretsNeverAppear()
    {
        var r = CliRunner.Run(Path.GetTempPath(), [.. Args(Mixed), "--json"]);
        var human = CliRunner.Run(Path.GetTempPath(), Args(Mixed));
        foreach (var output in new[] { r.Stdout, r.Stderr, human.Stdout, human.Stderr })
        {
            Assert.DoesNotContain("letmein", output);
            Assert.DoesNotContain("9miloPQCzGy+TL6aonfzVcptibCmCIhKzrnlfwiWivk=", output);
            Assert.DoesNotContain("123456", output);
        }
    }

    [Fact]
    public void AllGoodExitsZero()
    {
        var r = CliRunner.Run(Path.GetTempPath(), Args(Master, Encrypted));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("2 object(s) ok", r.Stdout);
    }

    [Fact]
    public void MissingObjectOptionIsUsageError()
    {
        var r = CliRunner.Run(Path.GetTempPath(), "object", "check");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--object", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
    }

    [Fact]
    public void QemuStyleDashObjectAliasWorks()
    {
        var r = CliRunner.Run(Path.GetTempPath(), "object", "check", "-object", Master);
        Assert.Equal(0, r.ExitCode);
    }
}
