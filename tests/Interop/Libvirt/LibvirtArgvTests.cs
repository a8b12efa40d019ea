using System.Text.Json;

namespace Qcrypto.Interop.Tests.Libvirt;

/// <summary>
/// Issue 14's proof for <c>qcrypto object check --argv</c> on whole libvirt 9.0.0 command lines (Libvirt/args,
/// chosen in Libvirt/README.md): a temp copy of each file with the documented substitutions written into its
/// <c>-object</c> lines (every other line verbatim: environment assignments, two-word lines, JSON with
/// escapes) gives the verdict real QEMU 7.2 gives for the file's -object arguments in argv order (QEMU creates
/// them in its own phases): accept, or refuse with the same first error, phase and line. Each file is run
/// substituted (accepted), as written (libvirt's mocked master key file is missing: refused) and, with TLS
/// objects, with the master key only (the first missing /etc/pki dir, created early, before the memory
/// backends that precede it in argv).
/// </summary>
[Collection(QemuOracleCollection.Name)]
public sealed class LibvirtArgvTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ArgvCheckGivesQemusVerdictOnLibvirtCommandLines()
    {
        var qemu = OracleTools.Find(OracleQemu.Program)
            ?? throw new InvalidOperationException("qemu-system-x86_64 is not installed: install it (apt-get install qemu-system-x86) to run the QEMU oracle");
        using var host = new LibvirtHost();
        var files = LibvirtData.Files();
        var cases = new List<(string File, string Pass, string Copy, string[] Lines, string[] Options)>();
        foreach (var (file, arguments) in files)
        {
            var seen = new List<string[]>();
            var scratch = host.NewScratch();
            foreach (var (pass, skip) in LibvirtOracleTests.Passes)
            {
                var subs = arguments.Select(a => host.Substitute(a, scratch, skip)).ToList();
                if (seen.Any(s => s.SequenceEqual(subs.Select(x => x.Argument))))
                {
                    continue;
                }

                seen.Add([.. subs.Select(s => s.Argument)]);
                var copy = Path.Combine(scratch, $"{seen.Count}-{file}");
                File.WriteAllText(copy, Rewrite(File.ReadAllText(LibvirtData.ArgsFile(file)), arguments, subs.Select(s => s.Argument).ToList(), file));
                cases.Add((file, pass, copy, [.. subs.Select(s => s.Argument)], [.. subs.SelectMany(s => s.QemuOptions)]));
            }
        }

        var cancel = TestContext.Current.CancellationToken;
        var results = new (OracleVerdict Qemu, OracleVerdict Ours, int Objects)[cases.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, cases.Count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancel },
            async (i, ct) =>
            {
                var c = cases[i];
                var (exit, stdout, stderr) = await OracleQemu.RunRawAsync(qemu, c.Lines, ct, c.Options);
                var q = OracleQemu.Interpret(new OracleCase(c.Lines), exit, stdout, stderr);
                var cli = await QcryptoCli.RunAsync(["object", "check", "--argv", c.Copy, "--json"]);
                var (ours, objects) = Ours(cli);
                results[i] = (q, ours, objects);
            });

        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var disagreements = new List<string>();
        for (var i = 0; i < cases.Count; i++)
        {
            var c = cases[i];
            var (q, ours, objects) = results[i];
            string key;
            if (objects != c.Lines.Length)
            {
                key = $"{c.Pass}: disagree";
                disagreements.Add($"{c.File} [{c.Pass}]: --argv found {objects} -object arguments, the file has {c.Lines.Length}");
            }
            else if (ours.Kind == q.Kind && ours.Message == q.Message && ours.Line == q.Line)
            {
                key = $"{c.Pass}: agree ({q.Kind.ToString().ToLowerInvariant()})";
            }
            else if (ours.Kind == OracleVerdictKind.Accepted && q is { Kind: OracleVerdictKind.Rejected, Line: null }
                     && LibvirtOracleTests.HostDependent.FirstOrDefault(h => c.Lines.Any(h.Matches) && h.QemuMessage == q.Message) is { Name: { } name })
            {
                key = $"{c.Pass}: host-dependent ({name})";
                output.WriteLine($"host-dependent ({name}): {c.File}: qemu {q}");
            }
            else
            {
                key = $"{c.Pass}: disagree";
                disagreements.Add($"{c.File} [{c.Pass}]\n    qemu: {q}\n    ours: {ours}");
            }

            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        var summary = $"libvirt 9.0.0 --argv oracle: {files.Count} files, {files.Sum(f => f.Arguments.Count)} -object arguments, {cases.Count} runs; "
            + string.Join(", ", counts.Select(c => $"{c.Value} {c.Key}"));
        output.WriteLine(summary);
        disagreements.ForEach(output.WriteLine);
        Assert.True(disagreements.Count == 0, summary + "\n" + string.Join("\n", disagreements));
        Assert.True(files.Count >= 40, $"only {files.Count} files");
        Assert.True(counts.GetValueOrDefault("as written: agree (rejected)") >= 35, "the as-written pass no longer compares refusals: " + summary);
    }

    /// <summary>The file with its k-th <c>-object</c> line replaced where the k-th argument was substituted.</summary>
    private static string Rewrite(string text, IReadOnlyList<string> originals, IReadOnlyList<string> substituted, string file)
    {
        var lines = text.Split('\n');
        var k = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith("-object ", StringComparison.Ordinal))
            {
                continue;
            }

            if (substituted[k] != originals[k])
            {
                var tail = lines[i].EndsWith(" \\", StringComparison.Ordinal) ? " \\" : "";
                lines[i] = "-object '" + substituted[k].Replace("'", "'\\''", StringComparison.Ordinal) + "'" + tail;
            }

            k++;
        }

        Assert.True(k == originals.Count, $"{file}: {k} -object lines, files.tsv has {originals.Count}");
        return string.Join('\n', lines);
    }

    /// <summary>Our verdict from <c>object check --json</c>: the first error in QEMU's order, its phase and message.</summary>
    private static (OracleVerdict Verdict, int Objects) Ours(ToolResult cli)
    {
        using var doc = JsonDocument.Parse(cli.StdoutText);
        var root = doc.RootElement;
        var objects = root.GetProperty("objects");
        if (root.GetProperty("ok").GetBoolean())
        {
            Assert.Equal(0, cli.ExitCode);
            return (OracleVerdict.Accepted, objects.GetArrayLength());
        }

        Assert.Equal(1, cli.ExitCode);
        if (root.TryGetProperty("argv_errors", out var argv))
        {
            return (new OracleVerdict(OracleVerdictKind.Rejected, "ARGV " + argv.GetRawText(), -1), objects.GetArrayLength());
        }

        var first = root.GetProperty("first_error").GetInt32();
        var o = objects[first];
        var message = o.GetProperty("error").GetProperty("qemu_message").GetString();
        return (new OracleVerdict(OracleVerdictKind.Rejected, message, o.GetProperty("phase").GetString() == "options" ? first : null), objects.GetArrayLength());
    }
}
