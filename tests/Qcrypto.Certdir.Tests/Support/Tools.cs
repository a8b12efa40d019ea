using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Qcrypto.TestSupport;

namespace Qcrypto.Certdir.Tests.Support;

/// <summary>Real programs the tests start (the qcrypto CLI, qemu-nbd, qemu-img, certtool); a missing one fails loudly, naming its Debian package.</summary>
public static class Tools
{
    private static readonly Dictionary<string, string?> s_cliEnvironment = new() { ["DOTNET_NOLOGO"] = "1", ["NO_COLOR"] = null };

    public static string Require(string name, string debianPackage) => Tool.Require(name, debianPackage);

    /// <summary>The qcrypto CLI built next to this test assembly.</summary>
    public static Tool.Result Qcrypto(params string[] args) => Run("dotnet", [Path.Combine(AppContext.BaseDirectory, "qcrypto.dll"), .. args]);

    public static Tool.Result Run(string file, IEnumerable<string> args, string? stdin = null, int timeoutSeconds = 120)
    {
        var result = Tool.Run(file, args, stdin, timeoutSeconds: timeoutSeconds, environment: s_cliEnvironment);
        if (args.Any(a => a.EndsWith("qcrypto.dll", StringComparison.Ordinal)))
        {
            // Every output of the CLI in this suite: no .NET runtime text may reach a user.
            global::Qcrypto.TestSupport.RuntimeTextGuard.AssertClean(args, result.Stdout, result.Stderr);
        }

        return result;
    }

    /// <summary>
    /// Starts qemu-nbd with tls-creds-x509 on <paramref name="dir"/> (server, verify-peer=on) on a free loopback port.
    /// Returns whether it serves (its port accepts a connection and the process is still running after that), and its output.
    /// </summary>
    public static (bool Serves, string Output) QemuNbdServes(string dir, string scratch, string? password = null) =>
        OnAFreePort(() => QemuNbdServesOnce(dir, scratch, password), r => !r.Serves && PortTaken(r.Output));

    /// <summary>
    /// Runs a qemu-nbd <paramref name="attempt"/> (which probes its own free port) again, up to 5 times in all, while
    /// <paramref name="portTaken"/> says its port was gone: a free port is only free when probed, another test
    /// assembly may bind it first, and qemu-nbd's "Address already in use" is no verdict on the directory.
    /// </summary>
    public static T OnAFreePort<T>(Func<T> attempt, Func<T, bool> portTaken)
    {
        for (var tries = 1; ; tries++)
        {
            var result = attempt();
            if (tries == 5 || !portTaken(result))
            {
                return result;
            }
        }
    }

    /// <summary>qemu-nbd's log says its port was bound by someone else.</summary>
    public static bool PortTaken(string qemuNbdLog) => qemuNbdLog.Contains("Address already in use", StringComparison.Ordinal);

    private static (bool Serves, string Output) QemuNbdServesOnce(string dir, string scratch, string? password)
    {
        var nbd = Require("qemu-nbd", "qemu-utils");
        var image = Path.Combine(scratch, "disk.img");
        if (!File.Exists(image))
        {
            File.WriteAllBytes(image, new byte[1 << 16]);
        }

        var port = FreePort();
        var args = new List<string>();
        var pw = string.Empty;
        if (password is not null)
        {
            args.AddRange(["--object", $"secret,id=keypw,data={password}"]);
            pw = ",passwordid=keypw";
        }

        args.AddRange(["--object", $"tls-creds-x509,id=t0,dir={dir},endpoint=server,verify-peer=on{pw}", "--tls-creds", "t0",
            "-f", "raw", "-x", "exp", "-t", "--bind", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), image]);
        var info = new ProcessStartInfo(nbd) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        args.ForEach(info.ArgumentList.Add);
        using var p = Process.Start(info)!;
        var err = p.StandardError.ReadToEndAsync();
        var outp = p.StandardOutput.ReadToEndAsync();
        try
        {
            // Not a timing assertion: a guard so a hung qemu-nbd cannot hang the suite.
            var guard = Stopwatch.StartNew();
            while (guard.Elapsed < TimeSpan.FromSeconds(60))
            {
                if (p.HasExited)
                {
                    return (false, (err.Result + outp.Result).Trim());
                }

                using var probe = new Socket(SocketType.Stream, ProtocolType.Tcp);
                try
                {
                    probe.Connect(IPAddress.Loopback, port);
                    return (!p.HasExited, "(serving)");
                }
                catch (SocketException)
                {
                    Thread.Sleep(20);
                }
            }

            Assert.Fail($"qemu-nbd neither listened on {port} nor exited for {dir}");
            return (false, string.Empty);
        }
        finally
        {
            if (!p.HasExited)
            {
                p.Kill(entireProcessTree: true);
            }

            p.WaitForExit();
        }
    }

    public static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }
}
