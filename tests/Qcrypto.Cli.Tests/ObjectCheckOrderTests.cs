namespace Qcrypto.Cli.Tests;

/// <summary>
/// <c>qcrypto object check</c> and the verbs that build objects follow QEMU 7.2's command-line order
/// (issue 9 items 3, 4, 7, 9 and 13): QEMU's first error comes first, help exits like QEMU, and a split
/// secret is never echoed.
/// </summary>
public class ObjectCheckOrderTests
{
    private static string[] Args(params string[] lines) => ["object", "check", .. lines.SelectMany(l => new[] { "--object", l })];

    [Fact]
    public void QemusFirstErrorIsListedFirst()
    {
        var r = CliRunner.Run(Path.GetTempPath(), Args("memory-backend-ram,id=r,size=0", "secret,id=a,data=$$,format=base64"));
        Assert.Equal(1, r.ExitCode);
        var errors = r.Stdout.Split('\n').Where(l => l.StartsWith("error", StringComparison.Ordinal)).ToList();
        Assert.StartsWith("error   #2 secret 'a':", errors[0]);
        Assert.StartsWith("error   #1 memory-backend-ram 'r':", errors[1]);
        Assert.Contains("QEMU 7.2 stops at the first error listed: #2 secret 'a'", r.Stdout);
    }

    [Fact]
    public void JsonKeepsLineOrderAndNamesQemusFirstError()
    {
        var r = CliRunner.Run(Path.GetTempPath(), [.. Args("memory-backend-ram,id=m,size=1M", "secret,id=s,data=x,keyid=m"), "--json"]);
        Assert.Equal(1, r.ExitCode);
        using var doc = System.Text.Json.JsonDocument.Parse(r.Stdout);
        Assert.Equal(1, doc.RootElement.GetProperty("first_error").GetInt32());
        var objects = doc.RootElement.GetProperty("objects");
        Assert.Equal(0, objects[0].GetProperty("index").GetInt32());
        Assert.Equal(1, objects[0].GetProperty("qemu_order").GetInt32());
        Assert.Equal("No secret with id 'm'", objects[1].GetProperty("error").GetProperty("qemu_message").GetString());
    }

    [Fact]
    public void HelpForAnUnknownTypeIsAnObjectError()
    {
        var r = CliRunner.Run(Path.GetTempPath(), Args("nosuchtype,help"));
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Parameter 'qom-type' does not accept value 'nosuchtype'", r.Stdout);
    }

    [Fact]
    public void NohelpWarnsThenPrintsHelp()
    {
        var r = CliRunner.Run(Path.GetTempPath(), Args("secret,id=s0,nohelp"));
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith("secret options:", r.Stdout);
        Assert.Contains("short-form boolean option 'nohelp' deprecated. Please use help=off instead", r.Stderr);
    }

    [Fact]
    public void HexSizeWithASuffixWarns()
    {
        var r = CliRunner.Run(Path.GetTempPath(), Args("memory-backend-ram,id=m,size=0x10k"));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("warning #1 memory-backend-ram 'm': Using a multiplier suffix on hex numbers is deprecated: 0x10k", r.Stdout);
        Assert.Contains("memory-backend-ram,id=m,size=16K", r.Stdout);
    }

    [Fact]
    public void SizesUseQemusArithmetic()
    {
        var r = CliRunner.Run(Path.GetTempPath(), Args("memory-backend-ram,id=a,size=0.9999999999999999999k", "memory-backend-ram,id=b,size=1.9999999999999999999k"));
        Assert.Contains("property 'size' of memory-backend-ram doesn't take value '0'", r.Stdout);
        Assert.Contains("memory-backend-ram,id=b,size=1K", r.Stdout);
    }

    [Fact]
    public void TypesOutsideTheSeedAreNotModelledNotRefused()
    {
        var r = CliRunner.Run(Path.GetTempPath(), Args("throttle-group,id=t", "cryptodev-backend,id=c"));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("qcrypto does not model throttle-group", r.Stdout);
        Assert.DoesNotContain("does not accept value", r.Stdout);
    }

    [Fact]
    public void AuthzListfileWarnsNamingAuthzListFile()
    {
        var r = CliRunner.Run(Path.GetTempPath(), Args("authz-listfile,id=a,filename=/nonexistent/rules.json"));
        Assert.Contains("authz-list-file", r.Stdout);
        Assert.Contains("invalid object type: authz-listfile", r.Stdout);
    }

    [Fact]
    public void ASplitPasswordIsNeverEchoed()
    {
        foreach (var json in new[] { false, true })
        {
            string[] args = [.. Args("secret,id=s,data=hunter2,letmein"), .. json ? ["--json"] : Array.Empty<string>()];
            var r = CliRunner.Run(Path.GetTempPath(), args);
            Assert.Equal(1, r.ExitCode);
            Assert.DoesNotContain("letmein", r.Stdout + r.Stderr);
            Assert.Contains("element 4", r.Stdout);
        }
    }

    [Fact]
    public void VerbsReportQemusFirstError()
    {
        var r = CliRunner.Run(Path.GetTempPath(), "secret", "decrypt", "--object", "memory-backend-ram,id=r,size=0",
            "--object", "secret,id=a,data=$$,format=base64", "--object", "secret,id=s,data=x", "--id", "s");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Base64 data contains invalid characters", r.Stderr);
        Assert.DoesNotContain("doesn't take value", r.Stderr);
    }
}
