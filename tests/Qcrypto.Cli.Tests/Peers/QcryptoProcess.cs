using System.Diagnostics;

namespace Qcrypto.Cli.Tests.Peers;

/// <summary>
/// The qcrypto CLI as a running process, for TLS tests: stdin fed from a background task (which stops quietly when
/// qcrypto stops reading), stdout and stderr collected, and a deadline after which the process is killed and the
/// test fails, so no test can hang.
/// </summary>
public sealed class QcryptoProcess : IDisposable
{
    private readonly Process _process;
    private readonly System.Text.StringBuilder _stderr = new();
    private readonly Task<byte[]> _stdout;
    private readonly Task _stdin;

    public QcryptoProcess(Func<Stream, Task>? feed, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "qcrypto.dll"));
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        _process = Process.Start(info)!;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (_stderr)
                {
                    _stderr.Append(e.Data).Append('\n');
                }
            }
        };
        _process.BeginErrorReadLine();
        _stdout = ReadAll(_process.StandardOutput.BaseStream);
        _stdin = Feed(_process.StandardInput.BaseStream, feed);
    }

    /// <summary>Waits for the end (failing the test after <paramref name="seconds"/>) and returns what it printed.</summary>
    public CliRunner.Result Wait(int seconds = 60)
    {
        if (!_process.WaitForExit(seconds * 1000))
        {
            _process.Kill(entireProcessTree: true);
            Assert.Fail($"qcrypto did not finish within {seconds} s: {string.Join(' ', _process.StartInfo.ArgumentList)}");
        }

        _process.WaitForExit();
        var bytes = _stdout.Result;
        return new CliRunner.Result(_process.ExitCode, System.Text.Encoding.UTF8.GetString(bytes), Stderr, bytes);
    }

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

    /// <summary>Waits (up to 30 s) until stderr holds <paramref name="text"/>.</summary>
    public bool WaitForStderr(string text)
    {
        var sw = Stopwatch.StartNew();
        while (!Stderr.Contains(text, StringComparison.Ordinal))
        {
            if (sw.Elapsed > TimeSpan.FromSeconds(30) || _process.HasExited)
            {
                return Stderr.Contains(text, StringComparison.Ordinal);
            }

            Thread.Sleep(10);
        }

        return true;
    }

    /// <summary>`tls serve --listen 127.0.0.1:0`: the port it printed (waits up to 30 s).</summary>
    public int ListeningPort()
    {
        var sw = Stopwatch.StartNew();
        while (sw.Elapsed < TimeSpan.FromSeconds(30))
        {
            var m = System.Text.RegularExpressions.Regex.Match(Stderr, @"listening on 127\.0\.0\.1:(\d+)");
            if (m.Success)
            {
                return int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }

            Assert.False(_process.HasExited, $"tls serve exited: {Stderr}");
            Thread.Sleep(20);
        }

        Assert.Fail($"tls serve never listened: {Stderr}");
        return 0;
    }

    /// <summary>Writes <paramref name="total"/> bytes of "y\n" (as `yes | head -c`; long.MaxValue: until qcrypto stops reading), in 64 KiB writes.</summary>
    public static Func<Stream, Task> Yes(long total) => async stdin =>
    {
        var chunk = new byte[65536];
        for (var i = 0; i < chunk.Length; i += 2)
        {
            (chunk[i], chunk[i + 1]) = ((byte)'y', (byte)'\n');
        }

        for (long sent = 0; sent < total; sent += chunk.Length)
        {
            await stdin.WriteAsync(chunk.AsMemory(0, (int)Math.Min(chunk.Length, total - sent)));
        }
    };

    public static Func<Stream, Task> Text(string text) => stdin => stdin.WriteAsync(System.Text.Encoding.UTF8.GetBytes(text)).AsTask();

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private static async Task<byte[]> ReadAll(Stream stdout)
    {
        using var ms = new MemoryStream();
        await stdout.CopyToAsync(ms);
        return ms.ToArray();
    }

    private static async Task Feed(Stream stdin, Func<Stream, Task>? feed)
    {
        try
        {
            if (feed is not null)
            {
                await feed(stdin);
            }
        }
        catch (IOException)
        {
            // qcrypto stopped reading stdin (its peer went away): that is what some tests are about.
        }
        finally
        {
            try
            {
                stdin.Close();
            }
            catch (IOException)
            {
            }
        }
    }
}
