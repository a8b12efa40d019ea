using System.Diagnostics;

namespace Qcrypto.Interop.Tests.Tools;

/// <summary>Runs an external program to completion with exact bytes on stdin and captured output.</summary>
public static class ToolRunner
{
    /// <summary>
    /// A guard against a hung tool so that every test ends by itself; it is not a performance
    /// assertion (a slow machine only has to finish within it).
    /// </summary>
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(5);

    public static async Task<ToolResult> RunAsync(string program, IEnumerable<string> arguments, byte[]? stdin = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Tool messages are asserted on: keep them in English whatever the host's locale.
        start.Environment["LC_ALL"] = "C";
        var commandLine = string.Join(' ', start.ArgumentList.Prepend(program).Select(Abbreviate));

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(HangGuard);
        var stdout = new MemoryStream();
        var stdoutTask = process.StandardOutput.BaseStream.CopyToAsync(stdout, timeout.Token);
        var stderrTask = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            if (stdin is not null)
            {
                await process.StandardInput.BaseStream.WriteAsync(stdin, timeout.Token);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync(timeout.Token);
            await stdoutTask;
            var stderr = await stderrTask;
            return new ToolResult(commandLine, process.ExitCode, stdout.ToArray(), stderr);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"`{commandLine}` did not finish within {HangGuard} (or the test was cancelled)");
        }
        catch (IOException) when (process.HasExited)
        {
            // The tool exited before reading all of stdin (it rejected its input): report what it said.
            await process.WaitForExitAsync(timeout.Token);
            return new ToolResult(commandLine, process.ExitCode, stdout.ToArray(), await stderrTask);
        }
    }

    /// <summary>Keeps messages readable when an argument is a 1 MiB base64 blob.</summary>
    private static string Abbreviate(string argument) =>
        argument.Length > 200 ? argument[..200] + $"...({argument.Length} chars)" : argument;
}
