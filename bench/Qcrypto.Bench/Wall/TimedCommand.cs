using System.Diagnostics;

namespace Qcrypto.Bench.Wall;

/// <summary>One command line to time, and its run times so far.</summary>
public sealed class TimedCommand(string tool, string input, string program, IReadOnlyList<string> arguments)
{
    public string Tool { get; } = tool;

    public string Input { get; } = input;

    public List<double> Milliseconds { get; } = [];

    /// <summary>
    /// Runs the command once and returns its wall time from spawn to exit. Output is drained into
    /// nothing: both tools pay the same pipe cost, as they would in a shell pipeline.
    /// </summary>
    public async Task<double> RunOnceAsync()
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var began = Stopwatch.GetTimestamp();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var stdout = process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        await stdout;
        var elapsed = Stopwatch.GetElapsedTime(began).TotalMilliseconds;
        var errors = await stderr;
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Tool} on {Input} exited {process.ExitCode}: {errors}");
        }

        return elapsed;
    }
}
