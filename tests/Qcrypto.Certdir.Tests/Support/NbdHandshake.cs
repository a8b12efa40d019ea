using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Qcrypto.Certdir.Tests.Support;

/// <summary>
/// A real handshake with QEMU: qemu-nbd serves over TLS with one tls-creds-x509 directory, `qcrypto tls connect
/// --starttls nbd` (GnuTLS, as QEMU's client) connects with another. Both sides' words are kept.
/// </summary>
public static class NbdHandshake
{
    public sealed record Outcome(bool ServerLoaded, int ClientExit, string ClientStderr, string ServerLog);

    /// <summary>
    /// One handshake. <paramref name="serverLog"/>: what qemu-nbd is expected to log about it; it logs after the client
    /// has gone, so the server is stopped only once it has (or after a minute), never after a guessed pause.
    /// </summary>
    public static Outcome Run(string serverDir, string clientDir, string scratch, string clientPriority = "", string serverOptions = "", string? serverLog = null)
    {
        var image = Path.Combine(scratch, "disk.img");
        if (!File.Exists(image))
        {
            File.WriteAllBytes(image, new byte[1 << 16]);
        }

        return Tools.OnAFreePort(() => RunOnce(serverDir, clientDir, image, clientPriority, serverOptions, serverLog),
            o => !o.ServerLoaded && Tools.PortTaken(o.ServerLog));
    }

    private static Outcome RunOnce(string serverDir, string clientDir, string image, string clientPriority, string serverOptions, string? serverLog)
    {
        var port = Tools.FreePort();
        var info = new ProcessStartInfo(Tools.Require("qemu-nbd", "qemu-utils")) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in (string[])["--object", $"tls-creds-x509,id=t0,dir={serverDir},endpoint=server{serverOptions}", "--tls-creds", "t0", "-f", "raw", "-x", "exp",
                     "-t", "--bind", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), image])
        {
            info.ArgumentList.Add(a);
        }

        using var nbd = Process.Start(info)!;
        var err = new System.Text.StringBuilder();
        string Err()
        {
            lock (err)
            {
                return err.ToString();
            }
        }

        nbd.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (err)
                {
                    err.AppendLine(e.Data);
                }
            }
        };
        nbd.BeginErrorReadLine();
        try
        {
            var guard = Stopwatch.StartNew();
            while (!Listening(port))
            {
                if (nbd.HasExited || guard.Elapsed > TimeSpan.FromSeconds(60))
                {
                    nbd.WaitForExit();
                    return new Outcome(false, -1, string.Empty, Err());
                }

                Thread.Sleep(20);
            }

            var client = Tools.Qcrypto("tls", "connect", "--starttls", "nbd", "--timeout", "60", "--object",
                $"tls-creds-x509,id=c,endpoint=client,dir={clientDir}{clientPriority}", "--creds", "c", "--hostname", "localhost", $"127.0.0.1:{port}");
            var logged = Stopwatch.StartNew();
            while (serverLog is not null && !Err().Contains(serverLog, StringComparison.Ordinal) && !nbd.HasExited && logged.Elapsed < TimeSpan.FromSeconds(60))
            {
                Thread.Sleep(20);
            }

            nbd.Kill(entireProcessTree: true);
            nbd.WaitForExit();
            return new Outcome(true, client.ExitCode, client.Stderr, Err());
        }
        finally
        {
            if (!nbd.HasExited)
            {
                nbd.Kill(entireProcessTree: true);
            }
        }
    }

    private static bool Listening(int port)
    {
        using var probe = new Socket(SocketType.Stream, ProtocolType.Tcp);
        try
        {
            probe.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
