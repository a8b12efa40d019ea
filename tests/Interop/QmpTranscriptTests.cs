using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Qcrypto.TestSupport;

namespace Qcrypto.Interop.Tests;

/// <summary>
/// The QMP proof: Qmp/transcript.jsonl (negotiation, malformed input, object-add/object-del/qom-list/
/// qom-get over secrets with keyid chains, every tls-creds type, authz, rng, cryptodev and sev-guest,
/// the SEV queries, the queries a management tool sends first, quit) replayed against qemu-system-x86_64 7.2
/// (-machine none -S -qmp stdio) and against `qcrypto qmp`. Every reply must be byte-identical (CRLF
/// included), except the greeting's version, the SHUTDOWN event's timestamp, the differences README's
/// "Deliberate differences" lists, given below with what qcrypto answers instead, and the replies compared
/// by shape (QmpTranscriptShapes.cs: query-version, query-status, query-commands).
/// </summary>
public sealed partial class QmpTranscriptTests
{
    // Command (as in the transcript) -> qcrypto's reply where it deliberately differs from QEMU 7.2's.
    private static readonly Dictionary<string, string> Differences = new(StringComparer.Ordinal)
    {
        // A plaintext secret's data is never returned (QEMU returns it as given).
        ["""{"execute":"qom-get","arguments":{"path":"/objects/plain","property":"data"}}"""] =
            """{"error": {"class": "GenericError", "desc": "Insufficient permission to perform this command"}}""",

        // JSON lexical errors inside a value that may be secret do not echo it (QEMU: "invalid keyword 'hunter'", "\u12\" is not a valid Unicode character").
        ["""{"execute":"object-add","arguments":{"qom-type":"secret","id":"typo","data":hunter2}}"""] =
            """{"error": {"class": "GenericError", "desc": "JSON parse error, invalid keyword in the value of 'data' (not shown: it may be secret)"}}""",
        ["""{"execute":"object-add","arguments":{"qom-type":"secret","id":"typo","data":"hunter2\u12"}}"""] =
            """{"error": {"class": "GenericError", "desc": "JSON parse error, invalid escape in the value of 'data' (not shown: it may be secret)"}}""",

        // qcrypto's QMP is not a chardev: /chardevs is empty (QEMU lists its monitor's compat_monitor0).
        ["""{"execute":"qom-list","arguments":{"path":"/chardevs"}}"""] = """{"return": [{"name": "type", "type": "string"}]}""",

        // cryptodev-backend-builtin serves up to 64 queues (QEMU 7.2 refuses queues other than 1).
        ["""{"execute":"object-add","arguments":{"qom-type":"cryptodev-backend-builtin","id":"cryptodev1","queues":2}}"""] = """{"return": {}}""",
        ["""{"execute":"object-del","arguments":{"id":"cryptodev1"}}"""] = """{"return": {}}""",

        // Only the commands query-commands lists exist; QEMU's others (query-qmp-schema: too large to be worth it) are CommandNotFound.
        ["""{"execute":"query-kvm"}"""] = """{"error": {"class": "CommandNotFound", "desc": "The command query-kvm has not been found"}}""",
        ["""{"execute":"query-qmp-schema"}"""] = """{"error": {"class": "CommandNotFound", "desc": "The command query-qmp-schema has not been found"}}""",
    };

    [Fact]
    public void Transcript_replies_as_qemu_7_2_does()
    {
        using var dir = new TempDir("qcrypto-qmp-");
        var input = Fixtures(dir);
        var commands = input.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var qemu = Run(Tool.Require(OracleQemu.Program, "qemu-system-x86"), ["-machine", "none", "-nodefaults", "-display", "none", "-S", "-qmp", "stdio"], input);
        var ours = Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "qcrypto.dll"), "qmp"], input);

        Assert.True(qemu.Count == commands.Length + 2, $"QEMU gave {qemu.Count} lines for {commands.Length} commands");
        Assert.Equal(qemu.Count, ours.Count);
        AssertSameGreeting(qemu[0], ours[0]);
        var line = 1;
        var used = new HashSet<string>();
        var shaped = new HashSet<string>();
        var answers = new List<(string Command, string Reply)>();
        foreach (var command in commands)
        {
            if (command.Contains("\"execute\":\"quit\"", StringComparison.Ordinal) && qemu[line].Contains("\"SHUTDOWN\"", StringComparison.Ordinal))
            {
                Assert.Equal(Timeless(qemu[line]), Timeless(ours[line]));
                line++;
            }

            answers.Add((command, ours[line]));
            if (Shapes.TryGetValue(command, out var shape))
            {
                shape(new Replies(qemu[line], ours[line], qemu[0], ours[0]));
                shaped.Add(command);
                line++;
                continue;
            }

            var expected = qemu[line];
            if (Differences.TryGetValue(command, out var instead))
            {
                Assert.NotEqual(expected, instead);
                expected = instead;
                used.Add(command);
            }

            Assert.True(expected == ours[line], $"command {line}: {command}\n  qemu:    {qemu[line]}\n  qcrypto: {ours[line]}");
            line++;
        }

        Assert.Equal(Differences.Keys.Order(), used.Order());
        Assert.Equal(Shapes.Keys.Order(), shaped.Order());
        AssertCommandsListedAreThoseAnswered(answers);
        Assert.DoesNotContain("hunter", string.Join("\n", ours), StringComparison.Ordinal);
        Assert.DoesNotContain(LibvirtPlaintext, string.Join("\n", ours), StringComparison.Ordinal);
    }

    private const string LibvirtPlaintext = "AQCVn5hO6HzFAhAAq0NCv8jtJcIcE+HOBlMQ1A";

    /// <summary>The replies, one per CRLF-terminated line (an unterminated last line fails).</summary>
    private static List<string> Run(string program, string[] args, string input)
    {
        var (exit, stdout, stderr) = Tool.RunBytes(program, args, Encoding.UTF8.GetBytes(input), allowFailure: true);
        Assert.True(exit == 0, $"{program} exited {exit}: {stderr}");
        var text = Encoding.UTF8.GetString(stdout);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        return [.. text[..^2].Split("\r\n")];
    }

    private static void AssertSameGreeting(string qemu, string ours)
    {
        var q = JsonNode.Parse(qemu)!;
        var o = JsonNode.Parse(ours)!;
        Assert.Equal(7, (int)o["QMP"]!["version"]!["qemu"]!["major"]!);
        Assert.Equal(2, (int)o["QMP"]!["version"]!["qemu"]!["minor"]!);
        q["QMP"]!["version"] = null;
        o["QMP"]!["version"] = null;
        Assert.Equal(q.ToJsonString(), o.ToJsonString());

        // The layout too: only the version's values may differ.
        Assert.Equal(VersionValues().Replace(qemu, "V"), VersionValues().Replace(ours, "V"));
    }

    private static string Timeless(string line) => Digits().Replace(line, "0");

    [GeneratedRegex("""(?<=": )(\d+|"[^"]*")(?=[,}])""")]
    private static partial Regex VersionValues();

    [GeneratedRegex("""(?<="(seconds|microseconds)": )\d+""")]
    private static partial Regex Digits();
}
