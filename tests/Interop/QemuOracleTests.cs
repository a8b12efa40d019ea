namespace Qcrypto.Interop.Tests;

/// <summary>
/// Differential test against the real qemu-system-x86_64 (QEMU 7.2): for a corpus of <c>-object</c>
/// lines, QEMU's verdict and message must equal ours. QEMU runs once per case with a sentinel object
/// after the lines under test that always fails at creation with a known message: seeing that message
/// means QEMU accepted every line before it.
/// </summary>
/// <remarks>
/// The sentinel is a *delayed* object (a netfilter): QEMU 7.2 creates memory backends, netfilters,
/// colo-compare, rng-egd and cryptodev-vhost-user only after the machine, so a sentinel of an early
/// type (e.g. a secret) would fail before those were ever created. Its message names an id no case uses.
/// </remarks>
[Collection(QemuOracleCollection.Name)]
public sealed class QemuOracleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AgreesWithQemuOnEveryCorpusLine()
    {
        var qemu = OracleTools.Find("qemu-system-x86_64")
            ?? throw new InvalidOperationException("qemu-system-x86_64 is not installed: install it (apt-get install qemu-system-x86) to run the QEMU oracle");

        using var env = OracleEnvironment.Create();
        var corpus = OracleCorpus.Build(env);
        env.WaitForExpiry();

        var theirs = await OracleQemu.RunAllAsync(qemu, corpus, TestContext.Current.CancellationToken);
        var disagreements = new List<string>();
        var agreed = 0;
        var notCompared = 0;
        var verdicts = new Dictionary<string, int>();
        for (var i = 0; i < corpus.Count; i++)
        {
            var c = corpus[i];
            var ours = OracleOurs.Evaluate(c);
            var qemuVerdict = theirs[i];
            if (c.HostDependent && qemuVerdict is { Kind: OracleVerdictKind.Rejected, Line: null }
                && (ours.Kind == OracleVerdictKind.Accepted || ours is { Kind: OracleVerdictKind.Rejected, Line: null } && qemuVerdict.Message!.Contains("Assertion", StringComparison.Ordinal)))
            {
                // QEMU failed while creating the object for a reason we do not model (a host resource), or
                // aborted on an assertion while cleaning up after an error (colo-compare in QEMU 7.2).
                notCompared++;
                output.WriteLine($"not compared: {Describe(c)}: qemu {qemuVerdict}");
                continue;
            }

            if (ours.SameAs(qemuVerdict))
            {
                agreed++;
                var key = qemuVerdict.Kind.ToString();
                verdicts[key] = verdicts.GetValueOrDefault(key) + 1;
            }
            else
            {
                disagreements.Add($"{Describe(c)}\n    qemu: {qemuVerdict}\n    ours: {ours}");
            }
        }

        var summary = $"QEMU oracle: {agreed} of {corpus.Count} cases agree ({string.Join(", ", verdicts.OrderBy(v => v.Key).Select(v => $"{v.Value} {v.Key.ToLowerInvariant()}"))}); "
            + $"{notCompared} host-dependent cases not compared; {disagreements.Count} disagree";
        output.WriteLine(summary);
        foreach (var d in disagreements)
        {
            output.WriteLine(d);
        }

        Assert.True(disagreements.Count == 0, summary + "\n" + string.Join("\n", disagreements));
        Assert.True(corpus.Count >= 300, $"the corpus shrank to {corpus.Count} cases");
        Assert.True(notCompared < corpus.Count / 10, $"{notCompared} cases were not compared: too many host-dependent cases");
    }

    private static string Describe(OracleCase c) => string.Join(" ", c.Lines.Select(l => "-object '" + l + "'"));
}
