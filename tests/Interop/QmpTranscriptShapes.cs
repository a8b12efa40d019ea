using System.Text.Json;
using System.Text.Json.Nodes;
using Qcrypto.TestSupport;

namespace Qcrypto.Interop.Tests;

/// <summary>
/// The replies that must differ from QEMU 7.2's in their values but not in their shape (README, "Deliberate
/// differences"): each is checked against QEMU's reply for the same layout, and qcrypto's values are checked
/// for what they must be.
/// </summary>
public sealed partial class QmpTranscriptTests
{
    /// <summary>One reply line from each side, and each side's greeting.</summary>
    private sealed record Replies(string Qemu, string Ours, string QemuGreeting, string OursGreeting);

    // Command (as in the transcript) -> the check of qcrypto's reply against QEMU's.
    private static readonly Dictionary<string, Action<Replies>> Shapes = new(StringComparer.Ordinal)
    {
        // The version numbers and package are the greeting's: 7.2.0 and "qcrypto X.Y.Z" (QEMU: 7.2.22, "Debian 1:7.2+dfsg-...").
        ["""{"execute":"query-version"}"""] = SameVersionAsTheGreeting,
        ["""{"execute":"query-version","id":"v"}"""] = SameVersionAsTheGreeting,
        ["""{"execute":"query-version","arguments":{}}"""] = SameVersionAsTheGreeting,

        // The transcript runs QEMU with -S ("prelaunch"); qcrypto, which has no vCPUs to start, reports what QEMU
        // without -S reports (byte-identical in Without_S_and_with_a_name_status_and_name_are_qemus).
        ["""{"execute":"query-status"}"""] = r =>
        {
            Assert.Equal("""{"return": {"status": "prelaunch", "singlestep": false, "running": false}}""", r.Qemu);
            Assert.Equal("""{"return": {"status": "running", "singlestep": false, "running": true}}""", r.Ours);
        },

        // QEMU 7.2 lists its 216 commands, qcrypto those it answers (AssertCommandsListedAreThoseAnswered), in ordinal order.
        ["""{"execute":"query-commands","id":"c"}"""] = r =>
        {
            var qemu = CommandNames(r.Qemu);
            var ours = CommandNames(r.Ours);
            Assert.Equal(CommandsReply(qemu, "c"), r.Qemu);
            Assert.Equal(CommandsReply(ours, "c"), r.Ours);
            Assert.Equal(ours.Order(StringComparer.Ordinal), ours);
            Assert.Empty(ours.Except(qemu));
            Assert.True(qemu.Count > ours.Count, $"QEMU lists {qemu.Count} commands, qcrypto {ours.Count}");
        },
    };

    private static void SameVersionAsTheGreeting(Replies r)
    {
        Assert.Equal(VersionValues().Replace(r.Qemu, "V"), VersionValues().Replace(r.Ours, "V"));
        Assert.Equal(JsonNode.Parse(r.QemuGreeting)!["QMP"]!["version"]!.ToJsonString(), JsonNode.Parse(r.Qemu)!["return"]!.ToJsonString());
        Assert.Equal(JsonNode.Parse(r.OursGreeting)!["QMP"]!["version"]!.ToJsonString(), JsonNode.Parse(r.Ours)!["return"]!.ToJsonString());
    }

    private static List<string> CommandNames(string reply) =>
        [.. JsonNode.Parse(reply)!["return"]!.AsArray().Select(c => (string)c!["name"]!)];

    private static string CommandsReply(IEnumerable<string> names, string id) =>
        "{\"return\": [" + string.Join(", ", names.Select(n => $"{{\"name\": \"{n}\"}}")) + $"], \"id\": \"{id}\"}}";

    /// <summary>
    /// query-commands tells a tool what it may send, so it lists exactly the commands qcrypto answered in the
    /// transcript with anything but CommandNotFound or a request error (which come before the command is looked up).
    /// </summary>
    private static void AssertCommandsListedAreThoseAnswered(List<(string Command, string Reply)> answers)
    {
        var listed = CommandNames(answers.Last(a => a.Command.Contains("\"query-commands\",\"id\"", StringComparison.Ordinal)).Reply);
        var answered = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (command, reply) in answers)
        {
            if (ExecuteName(command) is { } name && !reply.Contains("\"CommandNotFound\"", StringComparison.Ordinal)
                && !reply.Contains("\"desc\": \"QMP input", StringComparison.Ordinal) && !reply.Contains("\"desc\": \"JSON parse error", StringComparison.Ordinal))
            {
                answered.Add(name);
            }
        }

        Assert.Equal(answered, listed);
    }

    private static string? ExecuteName(string command)
    {
        // JsonDocument, not JsonNode: the transcript has a request with a duplicate member.
        try
        {
            using var document = JsonDocument.Parse(command);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object && root.TryGetProperty("execute", out var name) && name.ValueKind == JsonValueKind.String
                ? name.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    [Fact]
    public void Without_S_and_with_a_name_status_and_name_are_qemus()
    {
        const string Input = """
            {"execute":"qmp_capabilities"}
            {"execute":"query-name","id":1}
            {"execute":"query-status"}
            {"execute":"quit"}

            """;
        var qemu = Run(Tool.Require(OracleQemu.Program, "qemu-system-x86"), ["-machine", "none", "-nodefaults", "-display", "none", "-name", "guest=vm1,debug-threads=on", "-qmp", "stdio"], Input);
        var ours = Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "qcrypto.dll"), "qmp", "--name", "vm1"], Input);

        Assert.Equal(6, qemu.Count);
        Assert.Equal("""{"return": {"name": "vm1"}, "id": 1}""", qemu[2]);
        Assert.Equal("""{"return": {"status": "running", "singlestep": false, "running": true}}""", qemu[3]);
        Assert.Equal(qemu.Skip(1).Select(Timeless), ours.Skip(1).Select(Timeless));
    }
}
