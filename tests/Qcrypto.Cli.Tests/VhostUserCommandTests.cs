namespace Qcrypto.Cli.Tests;

/// <summary>`qcrypto vhost-user-crypto`: what it refuses to start with, and its exit codes.</summary>
public class VhostUserCommandTests
{
    [Fact]
    public void WithoutASocketItIsAUsageError()
    {
        var r = CliRunner.Run(Path.GetTempPath(), "vhost-user-crypto");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("qcrypto: error: --socket is required", r.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("65")]
    public void QueuesOutOfRangeAreAUsageError(string queues)
    {
        var r = CliRunner.Run(Path.GetTempPath(), "vhost-user-crypto", "--socket", "/tmp/never-bound.sock", "--queues", queues);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--queues must be 1..64", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ASocketThatCannotBeBoundIsReportedInGlibcsWords()
    {
        var r = CliRunner.Run(Path.GetTempPath(), "vhost-user-crypto", "--socket", "/nonexistent-dir/vu.sock");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("Failed to bind socket to /nonexistent-dir/vu.sock: No such file or directory [vhost-user-socket]", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ABadObjectLineIsAnObjectError()
    {
        var r = CliRunner.Run(Path.GetTempPath(), "vhost-user-crypto", "--socket", "/tmp/never-bound.sock", "--object", "secret,id=s");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("secret", r.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void CapabilitiesFollowTheBackendConventions()
    {
        var r = CliRunner.Run(Path.GetTempPath(), "vhost-user-crypto", "--print-capabilities");
        Assert.Equal(0, r.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(r.Stdout);
        Assert.Equal("crypto", json.RootElement.GetProperty("type").GetString());
    }
}
