using System.Text.Json;
using Qcrypto.TestSupport;

namespace Qcrypto.Cli.Tests;

/// <summary>
/// The JSON form of -object on every verb (issue 14), <c>--print dotted|json</c>, <c>--object-file</c> and
/// <c>object check --argv</c>.
/// </summary>
public sealed class ObjectJsonCliTests : IDisposable
{
    private const string Master = "{\"qom-type\":\"secret\",\"id\":\"m\",\"data\":\"MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=\",\"format\":\"base64\"}";
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void ObjectCheckTakesBothFormsAndQemusJsonMessages()
    {
        var ok = CliRunner.Run(_dir.Path, "object", "check", "-object", Master, "--object", "secret,id=s,data=x");
        Assert.Equal(0, ok.ExitCode);
        var bad = CliRunner.Run(_dir.Path, "object", "check", "--object", "{\"qom-type\":\"secret\",\"id\":\"s\",\"data\":1}", "--json");
        Assert.Equal(1, bad.ExitCode);
        using var doc = JsonDocument.Parse(bad.Stdout);
        Assert.Equal("Invalid parameter type for 'data', expected: string",
            doc.RootElement.GetProperty("objects")[0].GetProperty("error").GetProperty("qemu_message").GetString());
    }

    [Fact]
    public void SecretDecryptResolvesJsonObjects()
    {
        var encrypted = CliRunner.Run(_dir.Path, "secret", "encrypt", "--key-file", KeyFile(), "--key-id", "m", "--id", "s", "--data", "hello", "--json");
        Assert.Equal(0, encrypted.ExitCode);
        using var doc = JsonDocument.Parse(encrypted.Stdout);
        var line = doc.RootElement.GetProperty("object").GetString()!;
        var json = CliRunner.Run(_dir.Path, "object", "check", "--print", "json", "--object", line.StartsWith("-object ", StringComparison.Ordinal) ? line[8..] : line);
        Assert.Equal(0, json.ExitCode);
        var decrypted = CliRunner.Run(_dir.Path, "secret", "decrypt", "--object", Master, "--object", json.Stdout.Trim(), "--id", "s", "--force");
        Assert.Equal((0, "hello"), (decrypted.ExitCode, decrypted.Stdout));
    }

    [Fact]
    public void EveryVerbRefusesABadJsonObjectWithQemusMessage()
    {
        const string bad = "{\"qom-type\":\"secret\",\"id\":\"s\",\"data\":\"x\",\"bogus\":1}";
        string[][] verbs =
        [
            ["secret", "decrypt", "--object", bad, "--id", "s", "--force"],
            ["certdir", "check", _dir.Path, "--endpoint", "client", "--object", bad],
            ["tls", "connect", "--object", bad, "--creds", "t0", "127.0.0.1:1"],
            ["cryptodev", "info", "--object", bad],
        ];
        foreach (var args in verbs)
        {
            // Each verb's exit code for a refused object is the one it gives for the dotted form of the same fault.
            var r = CliRunner.Run(_dir.Path, args);
            var dotted = CliRunner.Run(_dir.Path, [.. args.Select(a => a == bad ? "secret,id=s,data=x,bogus=1" : a)]);
            Assert.True(r.ExitCode != 0 && r.ExitCode == dotted.ExitCode, $"{args[0]} {args[1]}: exit {r.ExitCode}: {r.Stderr}{r.Stdout}");
            Assert.Contains("Parameter 'bogus' is unexpected", r.Stderr + r.Stdout, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void CryptodevAndTlsTakeGoodJsonObjects()
    {
        var info = CliRunner.Run(_dir.Path, "cryptodev", "info", "--object", "{\"qom-type\":\"cryptodev-backend-builtin\",\"id\":\"c0\",\"queues\":2}", "--json");
        Assert.Equal(0, info.ExitCode);
        using var doc = JsonDocument.Parse(info.Stdout);
        Assert.Equal(2, doc.RootElement.GetProperty("backends")[0].GetProperty("config").GetProperty("max_dataqueues").GetInt32());

        // The credentials load; only the connection fails (nothing listens on port 1).
        var tls = CliRunner.Run(_dir.Path, "tls", "connect", "--object", "{\"qom-type\":\"tls-creds-anon\",\"id\":\"t0\",\"endpoint\":\"client\"}",
            "--creds", "t0", "127.0.0.1:1");
        Assert.NotEqual(0, tls.ExitCode);
        Assert.DoesNotContain("Parameter", tls.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("secret,id=s0,data=a,,b\"c\\\\d é,format=raw")]
    [InlineData("memory-backend-ram,id=m0,size=1M,share=on,policy=bind,host-nodes=0,host-nodes=1")]
    [InlineData("iothread,id=i0,poll-max-ns=5,poll-grow=-2")]
    [InlineData("tls-creds-x509,id=t0,endpoint=client,dir=/a,,b,verify-peer=off,priority=NORMAL:-VERS-ALL")]
    public void PrintRoundTripsExactly(string canonical)
    {
        var json = Print("json", canonical);
        var dotted = Print("dotted", json);
        Assert.Equal(canonical, dotted);
        Assert.Equal(json, Print("json", dotted));
    }

    [Fact]
    public void PrintRefusesWhatTheDottedFormCannotSay()
    {
        var r = CliRunner.Run(_dir.Path, "object", "check", "--print", "dotted", "--object",
            "{\"qom-type\":\"authz-list\",\"id\":\"a0\",\"rules\":[{\"match\":\"x\",\"policy\":\"allow\"}]}");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("object 'a0' property 'rules'", r.Stderr, StringComparison.Ordinal);
        Assert.Equal("", r.Stdout);
    }

    [Fact]
    public void ObjectFileLinesAreArgumentsInOrder()
    {
        var file = _dir.File("objects");
        File.WriteAllText(file, "# the master key\n  " + Master + "  \n\nsecret,id=s,data=x,keyid=nothere\n");
        var r = CliRunner.Run(_dir.Path, "object", "check", "--object", "secret,id=a,data=x", "--object-file", file, "--json");
        Assert.Equal(1, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var objects = doc.RootElement.GetProperty("objects");
        Assert.Equal(["a", "m", "s"], objects.EnumerateArray().Select(o => o.GetProperty("id").GetString()));
        Assert.Equal("No secret with id 'nothere'", objects[2].GetProperty("error").GetProperty("qemu_message").GetString());

        var missing = CliRunner.Run(_dir.Path, "secret", "decrypt", "--object-file", _dir.File("none"), "--id", "s");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("No such file or directory", missing.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void ArgvChecksEveryObjectOfALibvirtCommandLine()
    {
        var file = _dir.File("vm.args");
        File.WriteAllText(file, "LC_ALL=C \\\nPATH=/bin \\\n/usr/bin/qemu-system-x86_64 \\\n-name guest=g,debug-threads=on \\\n-object '" + Master + "' \\\n"
            + "-machine pc,usb=off \\\n-object \"{\\\"qom-type\\\":\\\"secret\\\",\\\"id\\\":\\\"s1\\\",\\\"data\\\":1}\" \\\n--object secret,id=s2,data=plain\n");
        var r = CliRunner.Run(_dir.Path, "object", "check", "--argv", file, "--json");
        Assert.Equal(1, r.ExitCode);
        using var doc = JsonDocument.Parse(r.Stdout);
        var objects = doc.RootElement.GetProperty("objects");
        Assert.Equal(["m", "s1", "s2"], objects.EnumerateArray().Select(o => o.GetProperty("id").GetString()));
        Assert.Equal("7:1", objects[1].GetProperty("argv_at").GetString());
        Assert.Equal(1, doc.RootElement.GetProperty("first_error").GetInt32());

        File.WriteAllText(file, "qemu -object 'secret,id=x\n");
        var unterminated = CliRunner.Run(_dir.Path, "object", "check", "--argv", file);
        Assert.Equal(1, unterminated.ExitCode);
        Assert.Contains($"{file}:1:14: unterminated single quote", unterminated.Stderr, StringComparison.Ordinal);

        File.WriteAllText(file, "qemu -object=secret,id=x,data=y");
        var invalid = CliRunner.Run(_dir.Path, "object", "check", "--argv", file);
        Assert.Equal(1, invalid.ExitCode);
        Assert.Contains("-object=...: invalid option", invalid.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("data=y", invalid.Stdout + invalid.Stderr, StringComparison.Ordinal);
    }

    private string Print(string form, string argument)
    {
        var r = CliRunner.Run(_dir.Path, "object", "check", "--print", form, "--object", argument);
        Assert.True(r.ExitCode == 0, r.Stderr);
        return r.Stdout.TrimEnd('\n');
    }

    private string KeyFile()
    {
        var path = _dir.File("master.key");
        File.WriteAllText(path, "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }
}
