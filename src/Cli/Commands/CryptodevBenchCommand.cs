using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Qcrypto.Composition;
using Qcrypto.Cryptodev;
using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.Driver;
using Qcrypto.Objects;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// <c>qcrypto cryptodev bench</c>: AES-256-CBC and AES-256-GCM encryption requests of 64 B, 1 KiB
/// and 16 KiB through the full device path (parse, session lookup, crypt, status) on one thread,
/// each measured right after `openssl speed -evp` on the same machine, and the ratio. Both sides
/// divide by CPU user time (openssl speed's default) unless --elapsed. Goals: at least 0.9 of
/// openssl at 16 KiB and 0.5 at 64 B.
/// </summary>
internal static class CryptodevBenchCommand
{
    public static Command Create()
    {
        var seconds = new Option<int>("--seconds") { HelpName = "N", Description = "seconds per measurement, ours and openssl's each (default 3)", DefaultValueFactory = _ => 3 };
        var sizes = new Option<string>("--sizes") { HelpName = "LIST", Description = "request sizes in bytes (default 64,1024,16384)", DefaultValueFactory = _ => "64,1024,16384" };
        var algorithms = new Option<string>("--algorithms") { HelpName = "LIST", Description = "aes-256-cbc and/or aes-256-gcm (default both)", DefaultValueFactory = _ => string.Join(',', BenchRequest.Algorithms) };
        var elapsed = new Option<bool>("--elapsed") { Description = "divide by wall-clock time on both sides (openssl speed -elapsed) instead of CPU user time" };
        var json = CommonOptions.Json();
        var command = new Command("bench", "Encryption requests through the full virtio-crypto path, beside openssl speed -evp")
        {
            seconds, sizes, algorithms, elapsed, json,
        };
        command.SetAction(r => Run(r.GetValue(seconds), r.GetValue(sizes)!, r.GetValue(algorithms)!, r.GetValue(elapsed), r.GetValue(json)));
        return command;
    }

    private sealed record Row(string Algorithm, int Size, double Ours, double Openssl)
    {
        public double Ratio => Ours / Openssl;

        public double? Goal => Size switch { <= 64 => 0.5, >= 16384 => 0.9, _ => null };
    }

    private static int Run(int seconds, string sizeList, string algorithmList, bool elapsed, bool json)
    {
        if (seconds < 1)
        {
            throw new UsageException("--seconds must be at least 1 (openssl speed counts whole seconds)");
        }

        var sizes = sizeList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 1 << 24 ? n
                : throw new UsageException($"--sizes: '{s}' is not a size in bytes (1..16777216)"))
            .ToArray();
        var algorithms = algorithmList.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var a in algorithms.Where(a => !BenchRequest.Algorithms.Contains(a)))
        {
            throw new UsageException($"--algorithms: unknown '{a}'", $"known: {string.Join(", ", BenchRequest.Algorithms)}");
        }

        var openssl = FindOpenssl() ?? throw new UsageException("openssl is not installed: the bench compares against openssl speed", "apt-get install openssl");
        using var registry = QcryptoCatalog.CreateRegistry();
        var backend = (Qcrypto.Cryptodev.Backend.CryptodevBackend)registry.Add("cryptodev-backend-builtin,id=bench0");
        using var device = new VirtioCryptoDevice(backend);
        var driver = new VirtioCryptoDriver(device);
        var rows = new List<Row>();
        if (!json)
        {
            Std.Out.WriteLine($"{"algorithm",-12} {"size",6} {"qcrypto MB/s",13} {"openssl MB/s",13} {"ratio",6}  goal");
        }

        foreach (var algorithm in algorithms)
        {
            foreach (var size in sizes)
            {
                var request = BenchRequest.Create(driver, algorithm, size);
                var theirs = OpensslSpeed(openssl, algorithm, size, seconds, elapsed);
                var ours = request.Measure(TimeSpan.FromSeconds(seconds), elapsed ? null : CryptodevBenchClock.ThreadUserTime);
                var row = new Row(algorithm, size, ours, theirs);
                rows.Add(row);
                if (!json)
                {
                    var goal = row.Goal is { } g ? $"≥{g:0.0} {(row.Ratio >= g ? "met" : "MISSED")}" : string.Empty;
                    Std.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{algorithm,-12} {Size(size),6} {ours / 1e6,13:F1} {theirs / 1e6,13:F1} {row.Ratio,6:F2}  {goal}"));
                }
            }
        }

        if (json)
        {
            JsonOutput.Write(w =>
            {
                w.WriteStartObject();
                w.WriteNumber("seconds", seconds);
                w.WriteString("divisor", elapsed ? "wall-clock time" : "CPU user time");
                w.WriteString("openssl", OpensslVersion(openssl));
                w.WriteStartArray("results");
                foreach (var row in rows)
                {
                    w.WriteStartObject();
                    w.WriteString("algorithm", row.Algorithm);
                    w.WriteNumber("size", row.Size);
                    w.WriteNumber("qcrypto_bytes_per_second", Math.Round(row.Ours));
                    w.WriteNumber("openssl_bytes_per_second", Math.Round(row.Openssl));
                    w.WriteNumber("ratio", Math.Round(row.Ratio, 3));
                    if (row.Goal is { } goal)
                    {
                        w.WriteNumber("goal", goal);
                        w.WriteBoolean("goal_met", row.Ratio >= goal);
                    }

                    w.WriteEndObject();
                }

                w.WriteEndArray();
                w.WriteEndObject();
            });
        }
        else
        {
            Std.Out.WriteLine($"one thread each; {OpensslVersion(openssl)}; ratio = qcrypto / openssl speed -evp{(elapsed ? " -elapsed" : string.Empty)}; per second of {(elapsed ? "wall-clock time" : "CPU user time")}");
        }

        return ExitCodes.Ok;
    }

    private static string Size(int size) => size % 1024 == 0 ? $"{size / 1024}K" : size.ToString(CultureInfo.InvariantCulture);

    /// <summary>openssl speed -evp ALG -bytes N -seconds S -mr [-elapsed]: the "+F:…:bytes per second" line.</summary>
    private static double OpensslSpeed(string openssl, string algorithm, int size, int seconds, bool elapsed)
    {
        string[] args = ["speed", "-evp", algorithm, "-bytes", size.ToString(CultureInfo.InvariantCulture), "-seconds", seconds.ToString(CultureInfo.InvariantCulture), "-mr"];
        var output = RunTool(openssl, elapsed ? [.. args, "-elapsed"] : args);
        foreach (var line in output.Split('\n'))
        {
            if (line.StartsWith("+F:", StringComparison.Ordinal))
            {
                var parts = line.Split(':');
                return double.Parse(parts[^1], CultureInfo.InvariantCulture);
            }
        }

        throw new UsageException($"could not read openssl speed's result for {algorithm}");
    }

    private static string OpensslVersion(string openssl) => RunTool(openssl, "version").Trim();

    private static string RunTool(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        using var p = Process.Start(info) ?? throw new UsageException($"could not start {file}");
        var stderr = p.StandardError.ReadToEndAsync();
        var stdout = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        _ = stderr.Result;
        return p.ExitCode == 0 ? stdout : throw new UsageException($"{file} {string.Join(' ', args)} failed ({p.ExitCode})");
    }

    private static string? FindOpenssl() => (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
        .Select(d => Path.Combine(d, "openssl")).FirstOrDefault(File.Exists);
}
