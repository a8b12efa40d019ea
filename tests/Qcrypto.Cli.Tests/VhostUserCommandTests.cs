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

    /// <summary>
    /// The bench starts its own back-end process, measures every figure through it (a failed or lost
    /// request is an error, not a figure) and stops it again.
    /// </summary>
    [Fact]
    public void BenchMeasuresEveryFigureThroughABackendProcess()
    {
        // Half a second per figure: at 50 ms a loaded machine (load 15 on 2 cores) once left a 2-queue figure without
        // a single completed request; the assertions are on every figure being measured, not on its speed.
        var r = CliRunner.Run(Path.GetTempPath(), "vhost-user-crypto", "bench", "--seconds", "0.5", "--rounds", "1", "--in-flight", "4", "--json");
        Assert.True(r.ExitCode == 0, r.Stderr);
        using var json = System.Text.Json.JsonDocument.Parse(r.Stdout);
        var figures = json.RootElement.GetProperty("figures");
        Assert.Equal(4, figures.GetArrayLength());
        foreach (var figure in figures.EnumerateArray())
        {
            Assert.True(figure.GetProperty("builtin").GetDouble() > 0, figure.GetProperty("name").GetString());
            Assert.True(figure.GetProperty("vhost_user").GetDouble() > 0, figure.GetProperty("name").GetString());
            Assert.True(figure.GetProperty("vhost_user_backend_cpu_us").GetDouble() >= 0);
        }

        Assert.True(json.RootElement.GetProperty("two_queue_scaling_vhost_user").GetDouble() > 0);
    }

    [Fact]
    public void BenchRefusesBadArgumentsBeforeStartingABackend()
    {
        var r = CliRunner.Run(Path.GetTempPath(), "vhost-user-crypto", "bench", "--in-flight", "65");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--in-flight 1..64", r.Stderr, StringComparison.Ordinal);
    }
}
