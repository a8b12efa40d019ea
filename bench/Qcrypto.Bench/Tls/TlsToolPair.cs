using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Qcrypto.Bench.Tls;

/// <summary>
/// A TLS server tool and its client tool (qcrypto tls serve/connect, or gnutls-serv/gnutls-cli) for one
/// kind of credentials: the server runs for the whole measurement, each client run is one process.
/// </summary>
public sealed class TlsToolPair : IDisposable
{
    private readonly Process _server;
    private readonly string _client;
    private readonly Func<int, IReadOnlyList<string>> _clientArgs;

    public TlsToolPair(string name, string server, Func<int, IReadOnlyList<string>> serverArgs, string client, Func<int, IReadOnlyList<string>> clientArgs)
    {
        Name = name;
        Port = FreePort();
        _client = client;
        _clientArgs = clientArgs;
        var info = new ProcessStartInfo(server) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var a in serverArgs(Port))
        {
            info.ArgumentList.Add(a);
        }

        _server = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {server}");
        _ = _server.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        _ = _server.StandardError.BaseStream.CopyToAsync(Stream.Null);
        WaitForPort();
    }

    public string Name { get; }

    public int Port { get; }

    /// <summary>One client process: sends <paramref name="input"/> (a file, or nothing), reads the echo; returns wall ms.</summary>
    public double RunClient(string? input)
    {
        var info = new ProcessStartInfo(_client) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var a in _clientArgs(Port))
        {
            info.ArgumentList.Add(a);
        }

        var began = Stopwatch.GetTimestamp();
        using var p = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {_client}");
        var output = p.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        var errors = p.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            using var file = File.OpenRead(input);
            file.CopyTo(p.StandardInput.BaseStream, 1 << 16);
        }

        p.StandardInput.Close();
        p.WaitForExit();
        output.Wait();
        var elapsed = Stopwatch.GetElapsedTime(began).TotalMilliseconds;
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Name}: {_client} exited {p.ExitCode}: {errors.Result}");
        }

        return elapsed;
    }

    /// <summary>
    /// One client process kept open while <paramref name="bytes"/> random bytes go through the echo
    /// server and come back; returns the wall ms from start until the last byte is back. Output before
    /// <paramref name="marker"/> (gnutls-cli's banner) is not counted.
    /// </summary>
    public double RunEcho(long bytes, string? marker)
    {
        var info = new ProcessStartInfo(_client) { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var a in _clientArgs(Port))
        {
            info.ArgumentList.Add(a);
        }

        var began = Stopwatch.GetTimestamp();
        using var p = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {_client}");
        _ = p.StandardError.BaseStream.CopyToAsync(Stream.Null);
        var writer = Task.Run(() =>
        {
            // Long text lines: gnutls-cli reads its stdin as text and sends a record per read.
            var chunk = new byte[1 << 16];
            for (var i = 0; i < chunk.Length; i++)
            {
                chunk[i] = i % 16384 == 16383 ? (byte)'\n' : (byte)Random.Shared.Next('a', 'z' + 1);
            }

            for (long sent = 0; sent < bytes; sent += chunk.Length)
            {
                p.StandardInput.BaseStream.Write(chunk, 0, (int)Math.Min(chunk.Length, bytes - sent));
            }

            p.StandardInput.BaseStream.Flush();
        });
        var stdout = p.StandardOutput.BaseStream;
        var buffer = new byte[1 << 16];
        long received = 0;
        var banner = marker is null ? null : System.Text.Encoding.ASCII.GetBytes(marker);
        var seen = new List<byte>();
        while (received < bytes)
        {
            var n = stdout.Read(buffer);
            if (n == 0)
            {
                throw new InvalidOperationException($"{Name}: the client ended after {received} of {bytes} bytes");
            }

            if (banner is not null)
            {
                seen.AddRange(buffer.AsSpan(0, n).ToArray());
                var at = IndexOf(seen, banner);
                if (at < 0)
                {
                    continue;
                }

                received += seen.Count - (at + banner.Length);
                banner = null;
                seen.Clear();
                continue;
            }

            received += n;
        }

        var elapsed = Stopwatch.GetElapsedTime(began).TotalMilliseconds;
        writer.Wait();
        p.StandardInput.Close();
        if (!p.WaitForExit(10000))
        {
            p.Kill(entireProcessTree: true);
        }

        return elapsed;
    }

    private static int IndexOf(List<byte> haystack, byte[] needle)
    {
        for (var i = 0; i + needle.Length <= haystack.Count; i++)
        {
            var match = true;
            for (var j = 0; j < needle.Length && match; j++)
            {
                match = haystack[i + j] == needle[j];
            }

            if (match)
            {
                return i;
            }
        }

        return -1;
    }

    public void Dispose()
    {
        if (!_server.HasExited)
        {
            _server.Kill(entireProcessTree: true);
            _server.WaitForExit(5000);
        }

        _server.Dispose();
    }

    private static int FreePort()
    {
        var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        var port = ((IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private void WaitForPort()
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(30))
        {
            if (_server.HasExited)
            {
                throw new InvalidOperationException($"{Name}: the server exited at start ({_server.ExitCode})");
            }

            try
            {
                using var s = new Socket(SocketType.Stream, ProtocolType.Tcp);
                s.Connect(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException)
            {
                Thread.Sleep(50);
            }
        }

        throw new InvalidOperationException($"{Name}: the server never listened");
    }
}
