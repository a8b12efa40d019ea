namespace Qcrypto.Cli.Tests;

/// <summary>The README's main command: the demo must pass end to end (qemu-img included).</summary>
public class DemoTests
{
    [Fact]
    public void DemoPassesEveryStep()
    {
        Assert.True(File.Exists("/usr/bin/qemu-img"), "qemu-img is missing: install qemu-utils (test.sh does, as root)");
        var r = CliRunner.Run(Path.GetTempPath(), "demo");
        Assert.True(r.ExitCode == 0, r.Stdout + r.Stderr);
        Assert.Contains("demo: all steps passed", r.Stdout);
        Assert.DoesNotContain("skipped", r.Stdout);
    }
}
