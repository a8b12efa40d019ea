namespace Qcrypto.Interop.Tests.Libvirt;

/// <summary>
/// Issue 14's proof on libvirt's own generated command lines (libvirt 9.0.0 test data, Libvirt/README.md):
/// every distinct <c>-object</c> argument of a type qcrypto models is run, with the rows it needs first
/// (masterKey0, a passwordid secret, a prealloc-context), through real qemu-system-x86_64 7.2 and through
/// qcrypto's object model, twice: with every documented substitution (both accept), and "as written",
/// where files qcrypto reads itself stay as libvirt wrote them (libvirt's mocked master key path, /etc/pki
/// dirs), so both refuse with the same message. Verdict, phase, line and message must agree.
/// </summary>
[Collection(QemuOracleCollection.Name)]
public sealed class LibvirtOracleTests(ITestOutputHelper output)
{
    /// <summary>
    /// Host resources that cannot be substituted: when QEMU fails creating such an object with exactly this
    /// message and qcrypto (which validates memory backends but does not map them) accepts, the case is
    /// counted as host-dependent. On a host that has the resource QEMU accepts and the case is compared.
    /// </summary>
    internal static readonly (string Name, Func<string, bool> Matches, string QemuMessage, string Reason)[] HostDependent =
    [
        ("memory-backend-memfd hugetlb", a => a.Contains("\"qom-type\":\"memory-backend-memfd\"", StringComparison.Ordinal) && a.Contains("\"hugetlb\":true", StringComparison.Ordinal),
            "unable to map backing store for guest RAM: Cannot allocate memory",
            "needs huge pages reserved on the host (vm.nr_hugepages); dropping hugetlb would change the argument"),
    ];

    /// <summary>
    /// Each argument is run substituted, and again where that changes it: as written (no file substituted:
    /// libvirt's mocked master key path is missing) and with the master key only (TLS dirs under /etc/pki).
    /// </summary>
    internal static readonly (string Name, string Skip)[] Passes = [("substituted", ""), ("as written", LibvirtHost.FileFlags), ("master key only", "TR")];

    [Fact]
    public async Task EveryModelledObjectIsAcceptedOrRefusedAsQemuDoes()
    {
        var qemu = OracleTools.Find(OracleQemu.Program)
            ?? throw new InvalidOperationException("qemu-system-x86_64 is not installed: install it (apt-get install qemu-system-x86) to run the QEMU oracle");
        using var host = new LibvirtHost();
        var catalog = QcryptoCatalog.Create();
        var rows = LibvirtData.Objects();
        var byN = rows.ToDictionary(r => r.N);
        var modelled = rows.Where(r => catalog.Find(r.QomType)?.IsModelled == true).ToList();

        var cases = new List<(LibvirtObject Row, string Pass, string[] Lines, string[] Options)>();
        foreach (var row in modelled)
        {
            var scratch = host.NewScratch();
            var seen = new List<string[]>();
            foreach (var (pass, skip) in Passes)
            {
                var (lines, options) = Build(host, byN, row, scratch, skip);
                if (!seen.Any(s => s.SequenceEqual(lines)))
                {
                    seen.Add(lines);
                    cases.Add((row, pass, lines, options));
                }
            }
        }

        var cancel = TestContext.Current.CancellationToken;
        var theirs = new OracleVerdict[cases.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, cases.Count), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancel },
            async (i, ct) =>
            {
                var c = new OracleCase(cases[i].Lines);
                var (exit, stdout, stderr) = await OracleQemu.RunRawAsync(qemu, c.Lines, ct, cases[i].Options);
                theirs[i] = OracleQemu.Interpret(c, exit, stdout, stderr);
            });

        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var disagreements = new List<string>();
        for (var i = 0; i < cases.Count; i++)
        {
            var (row, pass, lines, _) = cases[i];
            var ours = OracleOurs.Evaluate(new OracleCase(lines));
            var q = theirs[i];
            string key;
            if (ours.SameAs(q))
            {
                key = $"{pass}: agree ({q.Kind.ToString().ToLowerInvariant()})";
            }
            else if (ours.Kind == OracleVerdictKind.Accepted && q is { Kind: OracleVerdictKind.Rejected, Line: null }
                     && HostDependent.FirstOrDefault(h => h.Matches(lines[^1]) && h.QemuMessage == q.Message) is { Name: { } name })
            {
                key = $"{pass}: host-dependent ({name})";
                output.WriteLine($"host-dependent ({name}): #{row.N} {lines[^1]}: qemu {q}");
            }
            else
            {
                key = $"{pass}: disagree";
                disagreements.Add($"#{row.N} ({row.FirstFile}) [{pass}] {string.Join(" ", lines.Select(l => $"-object '{l}'"))}\n    qemu: {q}\n    ours: {ours}");
            }

            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        foreach (var m in theirs.Where(t => t.Kind == OracleVerdictKind.Rejected).GroupBy(t => t.Message).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"QEMU refused {m.Count()}x: {m.Key}");
        }

        var summary = $"libvirt 9.0.0 -object oracle: {modelled.Count} distinct arguments of modelled types (of {rows.Count}), {cases.Count} QEMU runs; "
            + string.Join(", ", counts.Select(c => $"{c.Value} {c.Key}"));
        output.WriteLine(summary);
        disagreements.ForEach(output.WriteLine);
        Assert.True(disagreements.Count == 0, summary + "\n" + string.Join("\n", disagreements));
        Assert.True(modelled.Count >= 239, $"the corpus shrank to {modelled.Count} modelled arguments");
        Assert.True(counts.GetValueOrDefault("as written: agree (rejected)") >= 90, "the as-written pass no longer compares refusals: " + summary);
        Assert.True(counts.GetValueOrDefault("master key only: agree (rejected)") >= 8, "the TLS dirs are no longer compared as written: " + summary);
    }

    /// <summary>The row's prerequisites and the row itself, substituted, with the QEMU options they need.</summary>
    internal static (string[] Lines, string[] Options) Build(LibvirtHost host, Dictionary<int, LibvirtObject> byN, LibvirtObject row, string scratch, string skip)
    {
        var all = row.Prereqs.Select(p => byN[p]).Append(row).Select(r => host.Substitute(r.Argument, scratch, skip)).ToList();
        return ([.. all.Select(s => s.Argument)], [.. all.SelectMany(s => s.QemuOptions)]);
    }
}
