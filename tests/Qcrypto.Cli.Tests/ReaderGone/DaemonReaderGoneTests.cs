using Qcrypto.TestSupport;

namespace Qcrypto.Cli.Tests.ReaderGone;

/// <summary>
/// `vhost-user-crypto`'s statistics go to stdout on SIGUSR1, from a signal thread: when the reader of stdout is gone,
/// the write must not escape that thread (an abort, exit 134) but stop the daemon, which exits 141 without its
/// "stopping" line.
/// </summary>
public sealed class DaemonReaderGoneTests
{
    [Fact]
    public void StatisticsToAGoneReaderStopTheDaemonWith141()
    {
        using var dir = new TempDir();
        var dll = Path.Combine(AppContext.BaseDirectory, "qcrypto.dll");

        // head takes one byte of the first statistics and exits; SIGUSR1 is repeated until a write meets the closed pipe.
        var script = $"""
            cd '{dir.Path}' && mkfifo out
            head -c 1 <out >/dev/null &
            dotnet '{dll}' vhost-user-crypto --socket vu.sock >out 2>err &
            pid=$!
            for i in $(seq 300); do grep -q listening err 2>/dev/null && break; sleep 0.1; done
            for i in $(seq 300); do kill -0 $pid 2>/dev/null || break; kill -USR1 $pid; sleep 0.1; done
            wait $pid
            echo "exit=$?"
            """;
        var r = Tool.Run("bash", ["-c", script], timeoutSeconds: 90);
        var err = File.ReadAllText(dir.File("err"));
        Assert.True(r.Stdout.Contains("exit=141", StringComparison.Ordinal), $"{r.Stdout} {r.Stderr} {err}");
        Assert.Contains("vhost-user-crypto: listening on vu.sock", err);
        Assert.DoesNotContain("stopping", err);
        Assert.DoesNotContain("Unhandled", err);
    }
}
