using System.Diagnostics;

namespace Qcrypto.Cli.Commands;

/// <summary>This very program started as `qcrypto vhost-user-crypto` (for the bench and the demo).</summary>
internal static class SelfDaemon
{
    public static Process Start(string socket, params string[] extra)
    {
        var self = Environment.ProcessPath ?? throw new UsageException("cannot find this program's path to start the back-end", "start one yourself: qcrypto vhost-user-crypto --socket PATH");
        var info = new ProcessStartInfo(self) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            info.ArgumentList.Add(Environment.GetCommandLineArgs()[0]);
        }

        foreach (var a in new[] { "vhost-user-crypto", "--socket", socket }.Concat(extra))
        {
            info.ArgumentList.Add(a);
        }

        var process = Process.Start(info) ?? throw new UsageException("cannot start the back-end");
        var until = Environment.TickCount64 + 30000;
        while (!File.Exists(socket))
        {
            if (process.HasExited || Environment.TickCount64 > until)
            {
                var error = process.HasExited ? process.StandardError.ReadToEnd().Trim() : "timed out";
                process.Kill();
                throw new UsageException($"the back-end did not start: {error}");
            }

            Thread.Sleep(20);
        }

        return process;
    }

    /// <summary>SIGTERM (the clean stop), then the exit code and what it printed on stderr.</summary>
    public static (int ExitCode, string Stderr) Stop(Process process)
    {
        Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])?.WaitForExit();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(20000))
        {
            process.Kill();
        }

        process.WaitForExit();
        return (process.ExitCode, stderr.Result);
    }
}
