using System.Diagnostics;
using System.Text.RegularExpressions;
using Qcrypto.TestSupport;

namespace Qcrypto.Cli.Tests;

/// <summary><c>qcrypto tls serve</c> and <c>tls connect</c> talking to each other as separate processes.</summary>
public partial class TlsCommandTests
{
    [GeneratedRegex(@"listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex Listening();

    private static string Psk(TempDir dir)
    {
        var psktool = "/usr/bin/psktool";
        Assert.True(File.Exists(psktool), "psktool is missing: install gnutls-bin");
        using var p = Process.Start(new ProcessStartInfo(psktool, ["-u", "qemu", "-p", dir.File("keys.psk")]) { RedirectStandardOutput = true })!;
        p.WaitForExit();
        return dir.Path;
    }

    /// <summary>Starts `tls serve --once` and returns it with the port it printed.</summary>
    private static (Process Server, int Port) Serve(string dir, params string[] extra)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, RedirectStandardInput = true };
        foreach (var a in (string[])[Path.Combine(AppContext.BaseDirectory, "qcrypto.dll"), "tls", "serve",
                     "--object", $"tls-creds-psk,id=t,endpoint=server,dir={dir}", "--creds", "t", "--listen", "127.0.0.1:0", "--once", .. extra])
        {
            info.ArgumentList.Add(a);
        }

        var server = Process.Start(info)!;
        var line = server.StandardError.ReadLine() ?? string.Empty;
        RuntimeTextGuard.AssertClean(line, "tls serve");
        var m = Listening().Match(line);
        Assert.True(m.Success, $"no 'listening on' line: {line}");
        return (server, int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The rest of a server's output, checked for runtime text like every CLI output.</summary>
    private static string Rest(StreamReader output)
    {
        var text = output.ReadToEnd();
        RuntimeTextGuard.AssertClean(text, "tls serve");
        return text;
    }

    [Fact]
    public void ConnectToServeEcho()
    {
        using var dir = new TempDir();
        var (server, port) = Serve(Psk(dir), "--echo");
        using (server)
        {
            var r = CliRunner.Run(dir.Path, "over tls\n"u8.ToArray(), "tls", "connect", "--object", $"tls-creds-psk,id=c,endpoint=client,dir={dir.Path}",
                "--creds", "c", $"127.0.0.1:{port}");
            Assert.True(r.ExitCode == 0, r.Stderr);
            Assert.Equal("over tls\n", r.Stdout);
            Assert.Contains("handshake ok: (TLS1.3)", r.Stderr);
            Assert.DoesNotContain("close_notify", r.Stderr);
            Assert.True(server.WaitForExit(10000));
            Assert.Equal(0, server.ExitCode);
            Assert.Contains("handshake ok", Rest(server.StandardError));
        }
    }

    [Fact]
    public void JsonReportsTheSession()
    {
        using var dir = new TempDir();
        var (server, port) = Serve(Psk(dir), "--echo", "--json");
        using (server)
        {
            var r = CliRunner.Run(dir.Path, "abc"u8.ToArray(), "tls", "connect", "--object", $"tls-creds-psk,id=c,endpoint=client,dir={dir.Path}",
                "--creds", "c", "--json", $"127.0.0.1:{port}");
            Assert.Equal(0, r.ExitCode);
            using var doc = System.Text.Json.JsonDocument.Parse(r.Stdout);
            var session = doc.RootElement.GetProperty("session");
            Assert.True(session.GetProperty("ok").GetBoolean());
            Assert.Equal("TLS1.3", session.GetProperty("protocol").GetString());
            Assert.Equal("abc"u8.ToArray(), doc.RootElement.GetProperty("received").GetBytesFromBase64());
            Assert.True(server.WaitForExit(10000));
            using var serverDoc = System.Text.Json.JsonDocument.Parse(Rest(server.StandardOutput));
            Assert.Equal(3, serverDoc.RootElement.GetProperty("bytes_received").GetInt32());
        }
    }

    [Fact]
    public void WrongKeyFailsOnBothSidesWithNonZeroExit()
    {
        using var dir = new TempDir();
        using var other = new TempDir();
        var (server, port) = Serve(Psk(dir), "--echo");
        using (server)
        {
            var r = CliRunner.Run(other.Path, "x"u8.ToArray(), "tls", "connect", "--object", $"tls-creds-psk,id=c,endpoint=client,dir={Psk(other)}",
                "--creds", "c", $"127.0.0.1:{port}");
            Assert.Equal(1, r.ExitCode);
            Assert.Contains("TLS handshake failed", r.Stderr);
            Assert.True(server.WaitForExit(10000));
            Assert.Equal(1, server.ExitCode);
            Assert.Contains("TLS handshake failed", Rest(server.StandardError));
        }
    }

    [Fact]
    public void ServerCredsForAClientAreRefused()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run(dir.Path, "tls", "connect", "--object", $"tls-creds-psk,id=c,endpoint=server,dir={Psk(dir)}", "--creds", "c", "127.0.0.1:9");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Expected TLS credentials for a client endpoint", r.Stderr);
    }

    [Fact]
    public void ConnectionRefusedIsExitTwo()
    {
        using var dir = new TempDir();
        var r = CliRunner.Run(dir.Path, "tls", "connect", "--object", "tls-creds-anon,id=c,endpoint=client", "--creds", "c", "127.0.0.1:1");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("cannot connect to 127.0.0.1:1", r.Stderr);
    }
}
