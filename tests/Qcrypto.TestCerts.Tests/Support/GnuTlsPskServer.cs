using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Qcrypto.TestCerts.Tests.Support;

/// <summary>
/// A real `gnutls-serv --pskpasswd FILE` on a free local port, so keys.psk files are judged by GnuTLS's own
/// parser (gnutls_psk_set_server_credentials_file, the one QEMU's tls-creds-psk server uses), and a
/// `gnutls-cli` to try usernames and keys against it.
/// </summary>
public sealed class GnuTlsPskServer : IDisposable
{
    private const string Priority = "NORMAL:-KX-ALL:+PSK:+ECDHE-PSK:+DHE-PSK";
    private static readonly TimeSpan s_startGuard = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly int _port;
    private readonly System.Text.StringBuilder _log = new();

    public GnuTlsPskServer(string pskFile)
    {
        _port = FreePort();
        _process = ExternalTool.Start("gnutls-serv", ["--pskpasswd", pskFile, "--priority", Priority, "-p", _port.ToString()]);
        var listening = new TaskCompletionSource();
        _process.OutputDataReceived += (_, e) => Log(e.Data, listening);
        _process.ErrorDataReceived += (_, e) => Log(e.Data, listening);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        if (!listening.Task.Wait(s_startGuard))
        {
            throw new InvalidOperationException($"gnutls-serv did not start listening on port {_port}:\n{Output}");
        }
    }

    /// <summary>Everything the server printed so far.</summary>
    public string Output
    {
        get
        {
            lock (_log)
            {
                return _log.ToString();
            }
        }
    }

    /// <summary>Whether a TLS-PSK handshake as <paramref name="user"/> with <paramref name="keyHex"/> completes.</summary>
    public bool Handshakes(string user, string keyHex)
    {
        var client = ExternalTool.Run("gnutls-cli",
            "--priority", Priority, "--pskusername", user, "--pskkey", keyHex, "-p", _port.ToString(), "localhost");
        return client.ExitCode == 0 && client.Stdout.Contains("Handshake was completed", StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.WaitForExit();
        _process.Dispose();
    }

    private void Log(string? line, TaskCompletionSource listening)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }

        if (line.Contains("listening on", StringComparison.Ordinal))
        {
            listening.TrySetResult();
        }
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
