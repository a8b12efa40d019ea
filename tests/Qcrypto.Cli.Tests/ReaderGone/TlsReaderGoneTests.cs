using System.Diagnostics;
using System.Text.RegularExpressions;
using Qcrypto.Cli.Tests.Peers;
using Qcrypto.TestSupport;

namespace Qcrypto.Cli.Tests.ReaderGone;

/// <summary>
/// `tls serve` (not --once, not --echo) printing what a client sends into `| head -c 5`: the server stops at the reader
/// going away, without a word about the session and with exit 141, rather than serving on into a closed pipe. (`tls
/// connect | head` is <see cref="TlsPeerFailureTests.StdoutClosedByItsReaderEndsQuietlyAndAFullOneIsExitTwo"/>.)
/// </summary>
public sealed partial class TlsReaderGoneTests(TlsPki pki) : IClassFixture<TlsPki>
{
    [GeneratedRegex(@"listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex Listening();

    [Fact]
    public async Task ServeStopsWith141WhenItsStdoutReaderGoes()
    {
        using var dir = new TempDir();
        var err = dir.File("serve.err");
        var script = $"dotnet '{Path.Combine(AppContext.BaseDirectory, "qcrypto.dll")}' tls serve --object 'tls-creds-psk,id=s,endpoint=server,dir={pki.Psk}' " +
            $"--creds s --listen 127.0.0.1:0 </dev/null 2>'{err}' | head -c 5 >/dev/null; echo \"exit=${{PIPESTATUS[0]}}\"";
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(script);
        using var server = Process.Start(info)!;
        var output = server.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        try
        {
            var port = WaitForPort(err, server);

            // 1 MB through the session: far more than the pipe to head holds.
            using var client = new QcryptoProcess(QcryptoProcess.Yes(1_000_000), "tls", "connect", "--object",
                $"tls-creds-psk,id=c,endpoint=client,dir={pki.Psk},username=qemu", "--creds", "c", $"127.0.0.1:{port}");
            client.Wait();
            Assert.True(server.WaitForExit(60_000), "tls serve kept running after its stdout's reader went away");
            server.WaitForExit();
            var stderr = File.ReadAllText(err);
            Assert.Contains("exit=141", await output);
            Assert.Contains("tls serve: 127.0.0.1:", stderr); // the session was established and reported
            Assert.DoesNotContain("qcrypto: error", stderr);
            Assert.DoesNotContain("qcrypto: warning", stderr);
            Assert.DoesNotContain("Unhandled", stderr);
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
            }
        }
    }

    private static int WaitForPort(string err, Process server)
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromSeconds(30))
        {
            var m = Listening().Match(File.Exists(err) ? File.ReadAllText(err) : string.Empty);
            if (m.Success)
            {
                return int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }

            Assert.False(server.HasExited, $"tls serve exited: {(File.Exists(err) ? File.ReadAllText(err) : string.Empty)}");
            Thread.Sleep(20);
        }

        Assert.Fail("tls serve never listened");
        return 0;
    }
}
