using System.Text.RegularExpressions;

namespace Qcrypto.Cli.Tests;

/// <summary><c>qcrypto secret new-key | encrypt | decrypt</c> as scripts use them.</summary>
public partial class SecretCommandTests
{
    [GeneratedRegex(@"^secret,id=sec0,data=[A-Za-z0-9+/]+=*,keyid=master,iv=[A-Za-z0-9+/]{22}==,format=base64\n$")]
    private static partial Regex EncryptedLine();

    private static string NewKey(TempDir dir)
    {
        var key = dir.File("master.key");
        var r = CliRunner.Run(dir.Path, "secret", "new-key", "--out", key);
        Assert.Equal(0, r.ExitCode);
        return key;
    }

    [Fact]
    public void NewKeyIs32RandomBytesInAPrivateFile()
    {
        using var dir = new TempDir();
        var key = NewKey(dir);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        var text = File.ReadAllText(key);
        Assert.EndsWith("\n", text);
        Assert.Equal(32, Convert.FromBase64String(text.Trim()).Length);
        Assert.NotEqual(text, File.ReadAllText(NewKey(new TempDir())));
    }

    [Fact]
    public void NewKeyRefusesToOverwrite()
    {
        using var dir = new TempDir();
        var key = NewKey(dir);
        var before = File.ReadAllText(key);
        var r = CliRunner.Run(dir.Path, "secret", "new-key", "--out", key);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("already exists", r.Stderr);
        Assert.Equal(before, File.ReadAllText(key));
    }

    [Fact]
    public void NewKeyJsonWithoutFileIsRefused()
    {
        var r = CliRunner.Run(Path.GetTempPath(), "secret", "new-key", "--json");
        Assert.Equal(2, r.ExitCode);
        // No key anywhere: only the failure document every --json run ends with.
        var doc = System.Text.Json.Nodes.JsonNode.Parse(r.Stdout)!;
        Assert.False((bool)doc["ok"]!);
        Assert.Equal(["error", "exit_code", "ok"], doc.AsObject().Select(p => p.Key).Order());
    }

    [Fact]
    public void EncryptPrintsTheReadyLineThatDecryptsBack()
    {
        using var dir = new TempDir();
        var key = NewKey(dir);
        var enc = CliRunner.Run(dir.Path, "letmein"u8.ToArray(), "secret", "encrypt", "--key-file", key, "--key-id", "master", "--id", "sec0", "--in", "-");
        Assert.Equal(0, enc.ExitCode);
        Assert.Matches(EncryptedLine(), enc.Stdout);
        Assert.Empty(enc.Stderr);

        var dec = CliRunner.Run(dir.Path, "secret", "decrypt", "--object", $"secret,id=master,format=base64,file={key}", "--object", enc.Stdout.Trim(), "--id", "sec0");
        Assert.Equal(0, dec.ExitCode);
        Assert.Equal("letmein"u8.ToArray(), dec.StdoutBytes);
    }

    [Fact]
    public void EncryptWarnsAboutTheNewlineFromEcho()
    {
        using var dir = new TempDir();
        var key = NewKey(dir);
        var enc = CliRunner.Run(dir.Path, "letmein\n"u8.ToArray(), "secret", "encrypt", "--key-file", key, "--key-id", "master", "--id", "sec0");
        Assert.Equal(0, enc.ExitCode);
        Assert.Contains("ends with a newline", enc.Stderr);

        var stripped = CliRunner.Run(dir.Path, "letmein\n"u8.ToArray(), "secret", "encrypt", "--key-file", key, "--key-id", "master", "--id", "sec0", "--strip-newline", "--with-master");
        var lines = stripped.Stdout.Trim().Split('\n');
        var dec = CliRunner.Run(dir.Path, "secret", "decrypt", "--object", lines[0], "--object", lines[1], "--id", "sec0");
        Assert.Equal("letmein"u8.ToArray(), dec.StdoutBytes);
    }

    [Fact]
    public void EncryptJsonCarriesNoPlaintext()
    {
        using var dir = new TempDir();
        var key = NewKey(dir);
        var r = CliRunner.Run(dir.Path, "s3cr3t-pass"u8.ToArray(), "secret", "encrypt", "--key-file", key, "--key-id", "master", "--id", "sec0", "--json");
        Assert.Equal(0, r.ExitCode);
        Assert.DoesNotContain("s3cr3t-pass", r.Stdout);
        Assert.DoesNotContain(File.ReadAllText(key).Trim(), r.Stdout);
        using var doc = System.Text.Json.JsonDocument.Parse(r.Stdout);
        var root = doc.RootElement;
        Assert.True(root.GetProperty("verified").GetBoolean());
        Assert.Equal("object-add", root.GetProperty("qmp").GetProperty("execute").GetString());
        Assert.Equal(11, root.GetProperty("plaintext_bytes").GetInt32());
        Assert.StartsWith("secret,id=master,format=base64,file=/", root.GetProperty("master_object").GetString());
    }

    [Fact]
    public void WorldReadableKeyFileIsRefusedUnlessAllowed()
    {
        using var dir = new TempDir();
        var key = NewKey(dir);
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var r = CliRunner.Run(dir.Path, "x"u8.ToArray(), "secret", "encrypt", "--key-file", key, "--key-id", "master", "--id", "sec0");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("readable by other users", r.Stderr);
        Assert.Empty(r.Stdout);

        var allowed = CliRunner.Run(dir.Path, "x"u8.ToArray(), "secret", "encrypt", "--key-file", key, "--key-id", "master", "--id", "sec0", "--allow-world-readable");
        Assert.Equal(0, allowed.ExitCode);
    }

    [Theory]
    [InlineData(16, "16-byte (AES-128) key")]
    [InlineData(24, "24-byte (AES-192) key")]
    public void ShortKeysGetAHint(int length, string hint)
    {
        using var dir = new TempDir();
        var key = dir.Private("short.key", System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(new byte[length]) + "\n"));
        var r = CliRunner.Run(dir.Path, "x"u8.ToArray(), "secret", "encrypt", "--key-file", key, "--key-id", "master", "--id", "sec0");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("Key should be 32 bytes in length", r.Stderr);
        Assert.Contains(hint, r.Stderr);
    }

    [Fact]
    public void RawKeyFilesWorkToo()
    {
        using var dir = new TempDir();
        var raw = new byte[32];
        Random.Shared.NextBytes(raw);
        var key = dir.Private("raw.key", raw);
        var r = CliRunner.Run(dir.Path, "pw"u8.ToArray(), "secret", "encrypt", "--key-file", key, "--key-id", "m", "--id", "s", "--with-master");
        Assert.Equal(0, r.ExitCode);
        Assert.StartsWith($"secret,id=m,format=raw,file={key}\n", r.Stdout);
    }

    [Fact]
    public void DecryptWarnsWhenPaddingShowsAWrongKey()
    {
        // QEMU's vector decrypted with a different key until QEMU's loose check passes on garbage.
        using var dir = new TempDir();
        for (var i = 0; i < 200; i++)
        {
            var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));
            var r = CliRunner.Run(dir.Path, "secret", "decrypt", "--object", $"secret,id=m,data={key},format=base64",
                "--object", "secret,id=s,keyid=m,data=zL/3CUYZC1IqOrRrzXqwsA==,format=base64,iv=0I7Gw/TKuA+Old2W2apQ3g==", "--id", "s");
            if (r.ExitCode == 0)
            {
                // About 1 in 17 accepted garbage ends in a valid-looking 0x01 pad: no warning is
                // possible then. Any other accepted garbage must be flagged.
                if (r.StdoutBytes.Length == 15)
                {
                    continue;
                }

                Assert.Contains("secret-padding-invalid", r.Stderr);
                return;
            }

            Assert.Equal(1, r.ExitCode);
            Assert.Contains("Incorrect number of padding bytes", r.Stderr);
        }

        Assert.Fail("200 wrong keys never passed QEMU's padding check (expected about 1 in 15)");
    }

    [Fact]
    public void DecryptRefusesATerminal()
    {
        // util-linux script(1) gives the child a pseudo-terminal as stdout.
        var cmd = $"dotnet {Path.Combine(AppContext.BaseDirectory, "qcrypto.dll")} secret decrypt --object secret,id=s,data=x --id s; echo rc=$?";
        var psi = new System.Diagnostics.ProcessStartInfo("script", ["-qec", cmd, "/dev/null"]) { RedirectStandardOutput = true, RedirectStandardInput = true };
        using var p = System.Diagnostics.Process.Start(psi)!;
        p.StandardInput.Close();
        var output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        global::Qcrypto.TestSupport.RuntimeTextGuard.AssertClean(output, "secret decrypt on a terminal");
        Assert.Contains("refusing to print a secret to a terminal", output);
        Assert.Contains("rc=2", output);
    }

    [Fact]
    public void DecryptBase64AndJson()
    {
        using var dir = new TempDir();
        var b64 = CliRunner.Run(dir.Path, "secret", "decrypt", "--object", "secret,id=s,data=f0VMRgIBAQAAAA==,format=base64", "--id", "s", "--format", "base64");
        Assert.Equal("f0VMRgIBAQAAAA==\n", b64.Stdout);
        var json = CliRunner.Run(dir.Path, "secret", "decrypt", "--object", "secret,id=s,data=f0VMRgIBAQAAAA==,format=base64", "--id", "s", "--json");
        using var doc = System.Text.Json.JsonDocument.Parse(json.Stdout);
        Assert.Equal(10, doc.RootElement.GetProperty("bytes").GetInt32());
        Assert.False(doc.RootElement.GetProperty("utf8").GetBoolean());
    }

    [Fact]
    public void DecryptReportsQemuErrorsWithoutStackTraces()
    {
        var r = CliRunner.Run(Path.GetTempPath(), "secret", "decrypt", "--object", "secret,id=s,keyid=nokey,data=abc,iv=AAAAAAAAAAAAAAAAAAAAAA==", "--id", "s");
        Assert.Equal(1, r.ExitCode);
        Assert.Contains("No secret with id 'nokey'", r.Stderr);
        Assert.DoesNotContain("   at ", r.Stderr);
        Assert.Empty(r.Stdout);
    }
}
