using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Qcrypto.Cli.Tests.Peers;

/// <summary>
/// A real TLS tool (openssl s_server/s_client, gnutls-serv/-cli) on loopback: started, its output kept, killed when
/// disposed. Servers are ready once they listen.
/// </summary>
public sealed class Peer : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private Peer(string tool, IEnumerable<string> args, int port)
    {
        Port = port;
        var info = new ProcessStartInfo(Require(tool)) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Port { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>openssl s_server on a free port; ready when it prints ACCEPT (a probe would use up -naccept 1).</summary>
    public static Peer OpensslServer(params string[] args)
    {
        var port = FreePort();
        var peer = new Peer("openssl", ["s_server", "-accept", $"127.0.0.1:{port}", .. args], port);
        peer.WaitFor("ACCEPT");
        return peer;
    }

    /// <summary>gnutls-serv on a free port; ready when the port accepts connections.</summary>
    public static Peer GnutlsServer(params string[] args)
    {
        var port = FreePort();
        var peer = new Peer("gnutls-serv", ["-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), .. args], port);
        peer.WaitUntilListening();
        return peer;
    }

    /// <summary>A shell command line (a client whose output is not wanted), left running until disposed (killed then).</summary>
    public static Peer Quiet(string commandLine) => new("bash", ["-c", commandLine], 0);

    /// <summary>A client tool run to completion (stdin closed at once), within 30 s.</summary>
    public static (int ExitCode, string Output) RunClient(string tool, params string[] args)
    {
        using var peer = new Peer(tool, args, 0);
        peer._process.StandardInput.Write("hello\n");
        peer._process.StandardInput.Close();
        Assert.True(peer._process.WaitForExit(30000), $"{tool} did not finish: {peer.Output}");
        peer._process.WaitForExit();
        return (peer._process.ExitCode, peer.Output);
    }

    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }

    private static string Require(string name)
    {
        var path = Path.Combine("/usr/bin", name);
        Assert.True(File.Exists(path), $"{name} is not installed: install {(name == "openssl" ? "openssl" : "gnutls-bin")}");
        return path;
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    /// <summary>Waits (up to 20 s) until the tool has printed <paramref name="text"/>.</summary>
    public bool WaitForOutput(string text)
    {
        var sw = Stopwatch.StartNew();
        while (!Output.Contains(text, StringComparison.Ordinal))
        {
            if (sw.Elapsed > TimeSpan.FromSeconds(20))
            {
                return false;
            }

            Thread.Sleep(10);
        }

        return true;
    }

    private void WaitFor(string text)
    {
        Assert.True(WaitForOutput(text) || _process.HasExited, $"{_process.StartInfo.FileName} never printed {text}: {Output}");
        Assert.False(_process.HasExited && !Output.Contains(text, StringComparison.Ordinal), $"{_process.StartInfo.FileName} exited: {Output}");
    }

    private void WaitUntilListening()
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            Assert.False(_process.HasExited, $"{_process.StartInfo.FileName} exited: {Output}");
            using var probe = new Socket(SocketType.Stream, ProtocolType.Tcp);
            try
            {
                probe.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (sw.Elapsed < TimeSpan.FromSeconds(20))
            {
                Thread.Sleep(50);
            }
        }
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.AppendLine(line);
            }
        }
    }
}
