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

    public static Outcome Run(string serverDir, string clientDir, string scratch, string clientPriority = "", string serverOptions = "")
    {
        var image = Path.Combine(scratch, "disk.img");
        if (!File.Exists(image))
        {
            File.WriteAllBytes(image, new byte[1 << 16]);
        }

        var port = Tools.FreePort();
        var info = new ProcessStartInfo(Tools.Require("qemu-nbd", "qemu-utils")) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in (string[])["--object", $"tls-creds-x509,id=t0,dir={serverDir},endpoint=server{serverOptions}", "--tls-creds", "t0", "-f", "raw", "-x", "exp",
                     "-t", "--bind", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), image])
        {
            info.ArgumentList.Add(a);
        }

        using var nbd = Process.Start(info)!;
        var err = nbd.StandardError.ReadToEndAsync();
        try
        {
            var guard = Stopwatch.StartNew();
            while (!Listening(port))
            {
                if (nbd.HasExited || guard.Elapsed > TimeSpan.FromSeconds(60))
                {
                    return new Outcome(false, -1, string.Empty, err.Result);
                }

                Thread.Sleep(20);
            }

            var client = Tools.Qcrypto("tls", "connect", "--starttls", "nbd", "--timeout", "20", "--object",
                $"tls-creds-x509,id=c,endpoint=client,dir={clientDir}{clientPriority}", "--creds", "c", "--hostname", "localhost", $"127.0.0.1:{port}");
            Thread.Sleep(200); // qemu-nbd logs the failure after the client has gone
            nbd.Kill(entireProcessTree: true);
            nbd.WaitForExit();
            return new Outcome(true, client.ExitCode, client.Stderr, err.Result);
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
