using System.Diagnostics;
using System.Text;

namespace Qcrypto.VhostUser.Tests.Support;

/// <summary>
/// `qcrypto vhost-user-crypto` as its own process (the build next to the tests, or QCRYPTO_CLI): its
/// stderr is collected; it is stopped with SIGTERM (clean) or SIGKILL (a crash).
/// </summary>
public sealed class Daemon : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private readonly StringBuilder _stdout = new();

    private Daemon(Process process, string socketPath)
    {
        _process = process;
        SocketPath = socketPath;
    }

    public string SocketPath { get; }

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    public string Stdout
    {
        get
        {
            lock (_stdout)
            {
                return _stdout.ToString();
            }
        }
    }

    public static Daemon Start(string socketPath, params string[] extra) => Start(socketPath, null, extra);

    public static Daemon Start(string socketPath, IReadOnlyDictionary<string, string>? environment, params string[] extra)
    {
        var info = Command(["vhost-user-crypto", "--socket", socketPath, .. extra]);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        var process = Process.Start(info)!;
        var daemon = new Daemon(process, socketPath);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (daemon._stderr)
                {
                    daemon._stderr.AppendLine(e.Data);
                }
            }
        };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (daemon._stdout)
                {
                    daemon._stdout.AppendLine(e.Data);
                }
            }
        };
        process.BeginErrorReadLine();
        process.BeginOutputReadLine();
        if (!daemon.WaitFor(s => s.Contains("listening on", StringComparison.Ordinal), 30000))
        {
            daemon.Dispose();
            Assert.Fail($"the daemon did not start: {daemon.Stderr}");
        }

        return daemon;
    }

    /// <summary>A ProcessStartInfo running the qcrypto CLI with <paramref name="arguments"/>.</summary>
    public static ProcessStartInfo Command(IEnumerable<string> arguments)
    {
        var native = Environment.GetEnvironmentVariable("QCRYPTO_CLI");
        var info = new ProcessStartInfo(string.IsNullOrEmpty(native) ? DotnetHost() : native)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            RedirectStandardInput = true,
        };
        if (string.IsNullOrEmpty(native))
        {
            info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "qcrypto.dll"));
        }

        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        return info;
    }

    /// <summary>Waits until the stderr collected so far satisfies <paramref name="done"/>.</summary>
    public bool WaitFor(Func<string, bool> done, int timeoutMs = 30000)
    {
        var until = Environment.TickCount64 + timeoutMs;
        while (Environment.TickCount64 < until)
        {
            if (done(Stderr))
            {
                return true;
            }

            if (_process.HasExited)
            {
                return done(Stderr);
            }

            Thread.Sleep(20);
        }

        return false;
    }

    public void Signal(string signal) => Process.Start("kill", ["-" + signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();

    /// <summary>
    /// SIGSTOP, then waits until every thread of the daemon is stopped (state T in /proc): kill(2) returns
    /// before a thread running on another core has taken the signal.
    /// </summary>
    public void Freeze()
    {
        Signal("STOP");
        var until = Environment.TickCount64 + 60000;
        while (!Directory.GetDirectories($"/proc/{_process.Id}/task").All(Stopped))
        {
            Assert.True(Environment.TickCount64 < until, "the daemon did not stop on SIGSTOP");
            Thread.Sleep(5);
        }

        static bool Stopped(string task)
        {
            try
            {
                // "pid (comm) S ...": the state follows the last ')', as comm may hold anything.
                var stat = File.ReadAllText(Path.Combine(task, "stat"));
                return stat[(stat.LastIndexOf(')') + 2)] is 'T' or 't';
            }
            catch (IOException)
            {
                return true; // the thread has exited
            }
        }
    }

    /// <summary>SIGTERM, then waits for a clean exit; its exit code.</summary>
    public int Stop(int timeoutMs = 20000)
    {
        Signal("TERM");
        Assert.True(_process.WaitForExit(timeoutMs), $"the daemon did not stop on SIGTERM: {Stderr}");
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: the back-end dies mid-whatever.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit();
        }

        _process.Dispose();
        RuntimeTextGuard.AssertClean(["vhost-user-crypto"], Stdout, Stderr);
    }

    private static string DotnetHost()
    {
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH");
        return !string.IsNullOrEmpty(host) && File.Exists(host) ? host : "dotnet";
    }
}
