using System.Diagnostics;
using System.Globalization;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// Round timing: wall time for the rate, and CPU time of this process and of the back-end process.
/// The figures compared with each other are measured in interleaved rounds (A B C A B C ...), so
/// that a burst of load from elsewhere on a shared machine falls on all of them alike.
/// </summary>
internal sealed class BenchClock(int? daemonPid)
{
    public BenchFigure[] Interleaved(VhostUserBenchSettings settings, params Func<long>[] figures)
    {
        foreach (var figure in figures)
        {
            figure(); // warm-up: JIT, sessions, page faults in the shared memory
        }

        var rates = figures.Select(_ => new List<double>()).ToArray();
        var cpu = figures.Select(_ => new List<double>()).ToArray();
        var backend = figures.Select(_ => new List<double>()).ToArray();
        for (var i = 0; i < settings.Rounds; i++)
        {
            for (var f = 0; f < figures.Length; f++)
            {
                var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
                var back0 = BackendCpu();
                var start = Stopwatch.GetTimestamp();
                var ops = figures[f]();
                var wall = Stopwatch.GetElapsedTime(start).TotalSeconds;
                var ours = (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
                var theirs = BackendCpu() - back0;
                rates[f].Add(ops / wall);
                cpu[f].Add(ours * 1e6 / Math.Max(ops, 1));
                backend[f].Add(theirs * 1e6 / Math.Max(ops, 1));
            }
        }

        return [.. Enumerable.Range(0, figures.Length).Select(f => new BenchFigure(Median(rates[f]), Median(cpu[f]), Median(backend[f]), rates[f].Min(), rates[f].Max()))];
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[(sorted.Count / 2) - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>The back-end's user+system CPU seconds (/proc/PID/stat, clock ticks of 1/100 s).</summary>
    private double BackendCpu()
    {
        if (daemonPid is not { } pid)
        {
            return 0;
        }

        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
        catch (IOException)
        {
            return 0;
        }
    }
}

/// <summary>The bench's table (or JSON): rates, ratios and the goals.</summary>
internal static class VhostUserBenchReport
{
    public static void Write(VhostUserBenchResults r, VhostUserBenchSettings s, bool json)
    {
        var mb = s.Size / 1e6;
        var rows = new (string Name, BenchFigure Builtin, BenchFigure Remote, double Unit, string Goal)[]
        {
            ("sessions create+close /s", r.BuiltinSessions, r.RemoteSessions, 1, string.Empty),
            ($"aes-256-cbc {s.Size} B, 1 in flight (MB/s)", r.Builtin1, r.Remote1, mb, string.Empty),
            ($"aes-256-cbc {s.Size} B, {s.InFlight} in flight (MB/s)", r.BuiltinBatched, r.RemoteBatched, mb, "≥0.8"),
            ($"aes-256-cbc {s.Size} B, {s.InFlight} in flight, 2 queues (MB/s)", r.Builtin2Queues, r.Remote2Queues, mb, string.Empty),
        };
        var scaleBuiltin = r.Builtin2Queues.OpsPerSecond / r.BuiltinBatched.OpsPerSecond;
        var scaleRemote = r.Remote2Queues.OpsPerSecond / r.RemoteBatched.OpsPerSecond;
        if (json)
        {
            JsonOutput.Write(w =>
            {
                w.WriteStartObject();
                w.WriteNumber("size", s.Size);
                w.WriteNumber("in_flight", s.InFlight);
                w.WriteNumber("rounds", s.Rounds);
                w.WriteNumber("round_seconds", s.Round.TotalSeconds);
                w.WriteStartArray("figures");
                foreach (var row in rows)
                {
                    w.WriteStartObject();
                    w.WriteString("name", row.Name);
                    w.WriteNumber("builtin", row.Builtin.OpsPerSecond * row.Unit);
                    w.WriteNumber("vhost_user", row.Remote.OpsPerSecond * row.Unit);
                    w.WriteNumber("ratio", row.Remote.OpsPerSecond / row.Builtin.OpsPerSecond);
                    w.WriteNumber("builtin_cpu_us", row.Builtin.CpuMicros);
                    w.WriteNumber("vhost_user_frontend_cpu_us", row.Remote.CpuMicros);
                    w.WriteNumber("vhost_user_backend_cpu_us", row.Remote.BackendCpuMicros);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteNumber("two_queue_scaling_builtin", scaleBuiltin);
                w.WriteNumber("two_queue_scaling_vhost_user", scaleRemote);
                w.WriteNumber("cpus", Environment.ProcessorCount);
                w.WriteEndObject();
            });
            return;
        }

        var o = Std.Out;
        o.WriteLine($"{"figure",-52} {"builtin",12} {"vhost-user",12} {"ratio",7}  goal    cpu µs/op builtin | front+back");
        foreach (var row in rows)
        {
            o.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{row.Name,-52} {row.Builtin.OpsPerSecond * row.Unit,12:0.0} {row.Remote.OpsPerSecond * row.Unit,12:0.0} {row.Remote.OpsPerSecond / row.Builtin.OpsPerSecond,7:0.00}  {row.Goal,-6}  {row.Builtin.CpuMicros,6:0.0} | {row.Remote.CpuMicros:0.0}+{row.Remote.BackendCpuMicros:0.0}"));
        }

        o.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"2 queues / 1 queue",-52} {scaleBuiltin,12:0.00} {scaleRemote,12:0.00} {string.Empty,7}  ≥1.8"));
        o.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"medians of {s.Rounds} interleaved rounds of {s.Round.TotalSeconds:0.##} s; {Environment.ProcessorCount} CPUs; vhost-user = cryptodev-vhost-user here, qcrypto vhost-user-crypto in another process"));
        o.Flush();
    }
}
