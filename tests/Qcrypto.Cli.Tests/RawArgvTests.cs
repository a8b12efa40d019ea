using System.Text.Json;
using static Qcrypto.TestSupport.RawArgv;

namespace Qcrypto.Cli.Tests;

/// <summary>
/// Issue 9, item 6: Linux argv is bytes, and QEMU takes it as bytes. .NET decoded it as UTF-8 and turned
/// every invalid byte into U+FFFD: a raw data= of byte 0xE9 decrypted to ef bf bd, a raw 32-byte key with
/// such bytes was refused, file names with Latin-1 bytes could not be opened. Every verb, through a
/// launcher that passes exact bytes (<see cref="TestSupport.RawArgv"/>).
/// </summary>
public sealed class RawArgvTests : IDisposable
{
    private static readonly byte[] E9 = [0xE9];

    private readonly TempDir _dir = new();

    // The names made here are bytes .NET's own Directory.Delete cannot spell.
    public void Dispose() => DeleteTree(_dir.Path);

    /// <summary>A path in the scratch directory whose name ends in the Latin-1 byte 0xE9.</summary>
    private byte[] Latin1Path(string stem) => Join(Text(_dir.File(stem)), E9);

    [Fact]
    public void DataIsTheArgumentsBytes()
    {
        var r = RunCli(_dir.Path, Text("secret"), Text("decrypt"), Text("--object"), Join(Text("secret,id=s,data="), E9), Text("--id"), Text("s"));
        Assert.True(r.ExitCode == 0, r.Stderr);
        Assert.Equal(E9, r.Stdout);

        // Invalid and valid UTF-8 side by side: each kept as it came.
        byte[] mixed = [(byte)'p', 0xE9, 0xC3, 0xA9, 0xFF, 0xF0, 0x9F, 0x94, 0x91, 0x80];
        var m = RunCli(_dir.Path, Text("secret"), Text("decrypt"), Text("--object"), Join(Text("secret,id=s,data="), mixed), Text("--id"), Text("s"));
        Assert.Equal(mixed, m.Stdout);
    }

    [Fact]
    public void ARawKeyWithHighBytesIsAMasterKey()
    {
        byte[] key = [.. Enumerable.Range(0xE0, 32).Select(b => (byte)b)];
        var r = RunCli(_dir.Path, Text("object"), Text("check"), Text("--object"), Join(Text("secret,id=m,format=raw,data="), key));
        Assert.True(r.ExitCode == 0, r.StdoutText);

        var keyFile = _dir.File("raw.key");
        File.WriteAllBytes(keyFile, key);
        File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var line = RunCli(_dir.Path, Text("secret"), Text("encrypt"), Text("--key-file"), Text(keyFile), Text("--key-id"), Text("m"), Text("--id"), Text("s"),
            Text("--data"), Join(Text("p"), E9));
        Assert.True(line.ExitCode == 0, line.Stderr);
        var back = RunCli(_dir.Path, Text("secret"), Text("decrypt"), Text("--object"), Join(Text("secret,id=m,format=raw,data="), key),
            Text("--object"), Text(line.StdoutText.Trim()), Text("--id"), Text("s"));
        Assert.Equal(Join(Text("p"), E9), back.Stdout);
    }

    [Fact]
    public void SecretVerbsOpenLatin1FileNames()
    {
        var key = Latin1Path("key");
        var made = RunCli(_dir.Path, Text("secret"), Text("new-key"), Text("--out"), key);
        Assert.True(made.ExitCode == 0, made.Stderr);
        Assert.True(Exists(key));

        var plain = Latin1Path("plain");
        WriteFile(plain, Text("letmein"));
        var secret = RunCli(_dir.Path, Text("secret"), Text("decrypt"), Text("--object"), Join(Text("secret,id=s,file="), plain), Text("--id"), Text("s"));
        Assert.Equal(Text("letmein"), secret.Stdout);

        var output = Latin1Path("out");
        var encrypted = RunCli(_dir.Path, Text("secret"), Text("encrypt"), Text("--key-file"), key, Text("--key-id"), Text("m"), Text("--id"), Text("s"),
            Text("--in"), plain, Text("--out"), output, Text("--with-master"));
        Assert.True(encrypted.ExitCode == 0, encrypted.Stderr);
        Assert.True(Exists(output));

        // The printed lines name the files by their bytes, ready for QEMU (and for us).
        var lines = encrypted.Stdout.AsSpan().TrimEnd((byte)'\n').ToArray().Split((byte)'\n');
        Assert.Equal(2, lines.Count);
        Assert.True(lines[0].AsSpan().EndsWith(key));
        var back = RunCli(_dir.Path, Text("secret"), Text("decrypt"), Text("--object"), lines[0], Text("--object"), lines[1], Text("--id"), Text("s"));
        Assert.True(back.ExitCode == 0, back.Stderr);
        Assert.Equal(Text("letmein"), back.Stdout);
    }

    [Fact]
    public void CertdirAndTlsCredsOpenLatin1Directories()
    {
        var tls = Latin1Path("tls");
        var ca = Latin1Path("ca");
        var created = RunCli(_dir.Path, Text("certdir"), Text("create"), tls, Text("--ca-dir"), ca, Text("--hostname"), Text("h"));
        Assert.True(created.ExitCode == 0, created.StdoutText + created.Stderr);
        Assert.True(Exists(Join(tls, Text("/server-key.pem"))));

        var check = RunCli(_dir.Path, Text("certdir"), Text("check"), tls, Text("--endpoint"), Text("server"), Text("--hostname"), Text("h"));
        Assert.True(check.ExitCode == 0, check.StdoutText + check.Stderr);

        var x509 = RunCli(_dir.Path, Text("object"), Text("check"), Text("--object"), Join(Text("tls-creds-x509,id=t,endpoint=server,dir="), tls));
        Assert.True(x509.ExitCode == 0, x509.StdoutText);

        var psk = Latin1Path("psk");
        MakeDirectory(psk);
        WriteFile(Join(psk, Text("/keys.psk")), Text("qemu:0123456789abcdef0123456789abcdef\n"));
        var creds = RunCli(_dir.Path, Text("object"), Text("check"), Text("--object"), Join(Text("tls-creds-psk,id=t,endpoint=server,dir="), psk));
        Assert.True(creds.ExitCode == 0, creds.StdoutText);

        var rules = Latin1Path("rules");
        WriteFile(rules, Text("{\"policy\": \"deny\", \"rules\": [{\"match\": \"CN=client\", \"policy\": \"allow\", \"format\": \"exact\"}]}"));
        var authz = RunCli(_dir.Path, Text("object"), Text("check"), Text("--object"), Join(Text("authz-listfile,id=a,filename="), rules));
        Assert.True(authz.ExitCode == 0, authz.StdoutText);
    }

    [Fact]
    public void MessagesPrintThePathAsQemuDoes()
    {
        // "Unable to read" gets the path's bytes; glib's part its display name (U+FFFD for the byte).
        var missing = Latin1Path("missing");
        var text = RunCli(_dir.Path, Text("object"), Text("check"), Text("--object"), Join(Text("secret,id=s,file="), missing));
        Assert.Equal(1, text.ExitCode);
        var expected = Join(Text("Unable to read "), missing, Text($": Failed to open file “{_dir.File("missing")}\uFFFD”: No such file or directory"));
        Assert.True(text.Stdout.AsSpan().IndexOf(expected) >= 0, text.StdoutText);

        // JSON must be valid UTF-8: QEMU's JSON writer, too, writes U+FFFD for such a byte.
        var json = RunCli(_dir.Path, Text("object"), Text("check"), Text("--json"), Text("--object"), Join(Text("secret,id=s,file="), missing));
        using var doc = JsonDocument.Parse(json.Stdout);
        var message = doc.RootElement.GetProperty("objects")[0].GetProperty("error").GetProperty("qemu_message").GetString();
        Assert.Equal($"Unable to read {_dir.File("missing")}\uFFFD: Failed to open file “{_dir.File("missing")}\uFFFD”: No such file or directory", message);
    }

    [Fact]
    public void EveryVerbTakesNonUtf8Arguments()
    {
        byte[][][] runs =
        [
            [Text("explain"), Join(Text("Unable to read /x"), E9)],
            [Text("object"), Text("check"), Text("--object"), Join(Text("secret,id=s,data=x,"), E9, Text("=1"))],
            [Text("object"), Text("check"), Text("--object"), Join(Text("secret,id="), E9, Text(",data=x"))],
            [Text("cryptodev"), Text("info"), Text("--object"), Join(Text("cryptodev-backend-builtin,id=c"), E9)],
            [Text("certdir"), Text("check"), Latin1Path("none"), Text("--endpoint"), Text("server")],
            [Text("tls"), Text("connect"), Text("--object"), Text("tls-creds-anon,id=c,endpoint=client"), Text("--creds"), Text("c"), Join(E9, Text(":1"))],
            [Text("secret"), Text("encrypt"), Text("--key-file"), Latin1Path("none"), Text("--key-id"), Text("m"), Text("--id"), Text("s"), Text("--data"), E9],
            [Text("secret"), Text("new-key"), Text("--id"), E9],
        ];
        foreach (var args in runs)
        {
            var r = RunCli(_dir.Path, args);
            Assert.True(r.ExitCode is 0 or 1 or 2, $"exit {r.ExitCode}: {r.Stderr}");
            Assert.DoesNotContain("Unhandled exception", r.Stderr);
            Assert.DoesNotContain("internal error", r.Stderr);
        }
    }
}

/// <summary>Splitting a byte array at a separator (the CLI prints lines of bytes).</summary>
internal static class ByteLines
{
    public static List<byte[]> Split(this byte[] bytes, byte separator)
    {
        var lines = new List<byte[]>();
        var start = 0;
        for (var i = 0; i <= bytes.Length; i++)
        {
            if (i == bytes.Length || bytes[i] == separator)
            {
                lines.Add(bytes[start..i]);
                start = i + 1;
            }
        }

        return lines;
    }
}
