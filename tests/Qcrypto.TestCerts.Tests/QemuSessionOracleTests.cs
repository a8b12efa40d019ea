using System.Text.Json;
using Qcrypto.TestCerts.Tests.Support;

namespace Qcrypto.TestCerts.Tests;

/// <summary>
/// Every test-crypto-tlssession.c scenario run through QEMU 7.2's real TLS session code: qemu-nbd serves with the
/// server directory (and an authz-list built from the globs), qemu-img connects with the client directory and
/// the scenario's hostname. Both use sanity-check=off, verify-peer=on, priority=NORMAL, as QEMU's test does.
/// Each side reports its own post-handshake check: a side whose check passed and then saw the peer hang up
/// reports a TLS read error, which counts as "its check passed".
/// </summary>
public partial class QemuSessionOracleTests
{
    // A guard against a hang, not a timing: qemu-nbd starts in well under a second, but a machine shared with
    // parallel builds (load 40+ on 2 cores) has been seen to need more than 30 s.
    private static readonly TimeSpan s_startGuard = TimeSpan.FromSeconds(120);

    public static TheoryData<string> Cases() => new(QemuTestCerts.SessionCases().Select(s => s.Name));

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Qemu72SessionChecksAgreeWithTheScenario(string name)
    {
        using var dir = new TempDir();
        var scenario = QemuTestCerts.SessionCase(name);
        var dirs = ScenarioWriter.Write(scenario, dir.Path);
        var socket = dir.File("nbd.sock");
        var type = scenario.CredsType == CredsType.Psk ? "tls-creds-psk" : "tls-creds-x509";
        var sanity = scenario.CredsType == CredsType.Psk ? "" : ",sanity-check=off";

        var serverArgs = new List<string> { "--object", $"{type},id=tls0,dir={dirs.Server},endpoint=server,priority=NORMAL{sanity}" };
        if (scenario.AuthzGlobs is { } globs)
        {
            serverArgs.AddRange(["--object", AuthzList(globs), "--tls-authz", "authz0"]);
        }

        serverArgs.AddRange(["--tls-creds", "tls0", "-k", socket, "-f", "raw", "-r", "null-co://"]);
        using var server = ExternalTool.Start("qemu-nbd", serverArgs);
        var cancel = TestContext.Current.CancellationToken;
        var serverLines = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var serverErr = ReadLines(server.StandardError, serverLines);
        _ = server.StandardOutput.ReadToEndAsync(cancel);
        await WaitForSocket(socket, server, serverErr, cancel);

        var username = scenario.PskUsername is { } user ? $",username={user}" : "";
        var hostname = scenario.ClientHostname is { } host ? $",tls-hostname={host}" : "";
        var client = ExternalTool.Run("qemu-img",
            "info", "--object", $"{type},id=tls0,dir={dirs.Client},endpoint=client,priority=NORMAL{sanity}{(type == "tls-creds-psk" ? username : "")}",
            "--image-opts", $"driver=nbd,server.type=unix,server.path={socket},tls-creds=tls0{hostname}");

        // qemu-nbd runs its own check after the handshake and logs it, possibly after qemu-img has already gone:
        // on a loaded machine that can take a while. Without --persistent it exits once its one client has
        // negotiated and gone; a negotiation that failed leaves it running, but logged.
        // Wait for either (a guessed pause would let a slow server's failure go unseen).
        var guard = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!server.HasExited && DateTime.UtcNow < guard && !serverLines.Any(l => l.StartsWith("qemu-nbd: ", StringComparison.Ordinal)))
        {
            await Task.Delay(20, cancel);
        }

        if (!server.HasExited)
        {
            server.Kill();
        }

        await server.WaitForExitAsync(cancel);
        var serverStderr = await serverErr;
        var serverMessage = OwnCheckFailure(serverStderr, "qemu-nbd: option negotiation failed: ");
        var clientMessage = client.ExitCode == 0 ? null
            : OwnCheckFailure(client.Stderr[(client.Stderr.IndexOf("': ", StringComparison.Ordinal) + 3)..], "");

        Assert.True(Same(scenario.ServerCheck, serverMessage), $"{name}: server check expected {scenario.ServerCheck}, QEMU said: {serverMessage ?? "pass"}\n{serverStderr}");
        Assert.True(Same(scenario.ClientCheck, clientMessage), $"{name}: client check expected {scenario.ClientCheck}, QEMU said: {clientMessage ?? "pass"}\n{client.Stderr}");
    }

    private static async Task<string> ReadLines(StreamReader reader, System.Collections.Concurrent.ConcurrentQueue<string> lines)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lines.Enqueue(line);
        }

        return string.Concat(lines.Select(l => l + "\n"));
    }

    /// <summary>
    /// The message of a failed own check, or null when the side's check passed. After the handshake each side
    /// checks its peer first and only then exchanges NBD messages, so an NBD step failing on TLS I/O ("Failed to
    /// read opts magic: Cannot read from TLS channel", "Failed to send option request header: Cannot write to
    /// TLS channel", ...) means this side's check passed and the peer hung up after failing its own.
    /// </summary>
    private static string? OwnCheckFailure(string stderr, string prefix)
    {
        var line = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        if (line is null)
        {
            return stderr.Trim().Length == 0 ? null : stderr.Trim();
        }

        var message = line[prefix.Length..];
        return PeerHungUp().IsMatch(message) ? null : message;
    }

    private static bool Same(Verdict expected, string? actualFailure) =>
        expected.Passes ? actualFailure is null : actualFailure is not null && (expected.Message is null || expected.Message == actualFailure);

    /// <summary>QEMU's test: an authz-list with policy deny and one glob "allow" rule per wildcard.</summary>
    private static string AuthzList(IReadOnlyList<string> globs) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["qom-type"] = "authz-list",
        ["id"] = "authz0",
        ["policy"] = "deny",
        ["rules"] = globs.Select(g => new Dictionary<string, string> { ["match"] = g, ["policy"] = "allow", ["format"] = "glob" }).ToArray(),
    });

    private static async Task WaitForSocket(string socket, System.Diagnostics.Process server, Task<string> serverErr, CancellationToken cancel)
    {
        var deadline = DateTime.UtcNow + s_startGuard;
        while (!File.Exists(socket))
        {
            if (server.HasExited)
            {
                throw new InvalidOperationException($"qemu-nbd exited {server.ExitCode}: {await serverErr}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"qemu-nbd never created {socket}");
            }

            await Task.Delay(20, cancel);
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex("^Failed to [^:]+: Cannot (read from|write to) TLS channel")]
    private static partial System.Text.RegularExpressions.Regex PeerHungUp();
}
