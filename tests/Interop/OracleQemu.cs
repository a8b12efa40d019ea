namespace Qcrypto.Interop.Tests;

/// <summary>Runs QEMU for every case, several at a time, and reads its verdict from stderr.</summary>
internal static class OracleQemu
{
    internal const string Program = "qemu-system-x86_64";
    internal const string SentinelLine = "filter-buffer,id=zzsentinel,netdev=n0,interval=1,position=id=zzmissing";
    private const string SentinelMessage = "filter 'zzmissing' not found";

    // Host resources the corpus may name: a network backend and null chardevs.
    private static readonly string[] Fixture =
    [
        "-machine", "none", "-nodefaults", "-display", "none", "-S", "-monitor", "none", "-serial", "none",
        "-netdev", "hubport,id=n0,hubid=0",
        "-chardev", "null,id=c0", "-chardev", "null,id=c1", "-chardev", "null,id=c2", "-chardev", "null,id=c3",
    ];

    public static async Task<OracleVerdict[]> RunAllAsync(string qemu, IReadOnlyList<OracleCase> corpus, CancellationToken cancel)
    {
        var results = new OracleVerdict[corpus.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(4, Environment.ProcessorCount * 2), CancellationToken = cancel };
        await Parallel.ForEachAsync(Enumerable.Range(0, corpus.Count), parallel, async (i, ct) =>
        {
            results[i] = await RunAsync(qemu, corpus[i], ct);
        });
        return results;
    }

    private static async Task<OracleVerdict> RunAsync(string qemu, OracleCase c, CancellationToken cancel)
    {
        var (exit, stdout, stderr) = await RunRawAsync(qemu, c.Lines, cancel);
        return Interpret(c, exit, stdout, stderr);
    }

    /// <summary>Runs QEMU with the fixture, the extra options, the lines and the sentinel; its exit code and output.</summary>
    internal static async Task<(int Exit, string Stdout, string Stderr)> RunRawAsync(string qemu, IReadOnlyList<string> lines, CancellationToken cancel,
        IReadOnlyList<string>? options = null)
    {
        var start = new ProcessStartInfo(qemu)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in Fixture)
        {
            start.ArgumentList.Add(a);
        }

        // More host resources a case names (e.g. libvirt's rng-egd chardevs), before the objects.
        foreach (var a in options ?? [])
        {
            start.ArgumentList.Add(a);
        }

        foreach (var line in lines)
        {
            start.ArgumentList.Add("-object");
            start.ArgumentList.Add(line);
        }

        start.ArgumentList.Add("-object");
        start.ArgumentList.Add(SentinelLine);

        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException($"could not start {qemu}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancel);
        var stderr = process.StandardError.ReadToEndAsync(cancel);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Program} did not exit for {string.Join(" ", lines)}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    internal static OracleVerdict Interpret(OracleCase c, int exitCode, string stdout, string stderr)
    {
        var lines = stderr.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith(Program + ": ", StringComparison.Ordinal))
            {
                continue;
            }

            var rest = lines[i][(Program.Length + 2)..];
            int? lineIndex = null;
            var longest = -1;
            for (var l = 0; l < c.Lines.Count; l++)
            {
                var prefix = "-object " + c.Lines[l] + ": ";
                if (rest.StartsWith(prefix, StringComparison.Ordinal) && prefix.Length > longest)
                {
                    lineIndex = l;
                    longest = prefix.Length;
                }
            }

            if (lineIndex is not null)
            {
                rest = rest[longest..];
            }
            else if (rest.StartsWith("-object " + SentinelLine + ": ", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"the sentinel's options were refused: {lines[i]}");
            }

            if (rest.StartsWith("warning: ", StringComparison.Ordinal) || rest.StartsWith("GLib", StringComparison.Ordinal))
            {
                // Warnings, and GLib criticals QEMU logs while it unwinds a failed object (the error follows).
                continue;
            }

            if (lineIndex is null && rest == SentinelMessage)
            {
                return OracleVerdict.Accepted;
            }

            // Lines without the program prefix that follow an error are its hint (error_append_hint).
            var hint = new StringBuilder();
            for (var h = i + 1; h < lines.Length && lines[h].Length > 0 && !lines[h].StartsWith(Program + ": ", StringComparison.Ordinal); h++)
            {
                hint.Append(hint.Length > 0 ? "\n" : "").Append(lines[h]);
            }

            return new OracleVerdict(OracleVerdictKind.Rejected, rest, lineIndex, hint.Length > 0 ? hint.ToString() : null);
        }

        if (exitCode == 0 && (stdout.Contains("options:", StringComparison.Ordinal) || stdout.Contains("List of user creatable objects", StringComparison.Ordinal)
            || stdout.Contains("There are no options for", StringComparison.Ordinal)))
        {
            return OracleVerdict.Help;
        }

        // A crash or an unknown way of failing: reported as a disagreement with its output.
        return new OracleVerdict(OracleVerdictKind.Rejected, $"NO VERDICT (exit {exitCode}): {stderr.Trim()} {stdout.Trim()}", -1);
    }
}
