using System.Text.RegularExpressions;
using Qcrypto.TestCerts.Tests.Support;

namespace Qcrypto.TestCerts.Tests;

/// <summary>keys.psk files, judged by GnuTLS itself: gnutls-serv loads the file, gnutls-cli tries each user.</summary>
public partial class PskFileTests
{
    [Fact]
    public void RandomKeysWorkForEveryUserAndNothingElseDoes()
    {
        using var dir = new TempDir();
        var psk = PskFile.WithRandomKeys("qemu", "alice", "bob.example");
        Assert.All(psk.Lines, l => Assert.Matches(ValidLine(), l.Text));
        Assert.All(psk.Lines, l => Assert.Equal(64, l.KeyHex!.Length));
        using var server = new GnuTlsPskServer(dir.Write("keys.psk", psk.ToString()));

        foreach (var user in new[] { "qemu", "alice", "bob.example" })
        {
            Assert.True(server.Handshakes(user, psk.KeyHexFor(user)!), $"{user} was refused:\n{server.Output}");
        }

        Assert.False(server.Handshakes("alice", psk.KeyHexFor("bob.example")!), "alice got in with bob's key");
        Assert.False(server.Handshakes("mallory", psk.KeyHexFor("alice")!), "an unknown user got in");
    }

    [Fact]
    public void QemusOwnTestLineWorks()
    {
        using var dir = new TempDir();
        var scenario = QemuTestCerts.SessionCase("psk");
        var path = ScenarioWriter.Write(scenario, dir.Path);
        var keys = Path.Combine(path.Server, QemuFileNames.PskKeys);
        Assert.Equal("qemu:009d5638c40fde0c\n", File.ReadAllText(keys));
        using var server = new GnuTlsPskServer(keys);
        Assert.True(server.Handshakes("qemu", "009d5638c40fde0c"), server.Output);
    }

    [Fact]
    public void GnuTlsRejectsEachKindOfBrokenLineAndKeepsReadingAfterIt()
    {
        using var dir = new TempDir();
        var psk = new PskFile()
            .AddRandom("alice")
            .AddNonHexKey("bob")
            .AddOddLengthKey("carol")
            .AddMissingColon("dave")
            .AddEmptyKey("erin")
            .AddDuplicate("alice")
            .AddRandom("frank");
        Assert.Equal(
            [PskLineKind.Valid, PskLineKind.NonHexKey, PskLineKind.OddLengthKey, PskLineKind.MissingColon,
             PskLineKind.EmptyKey, PskLineKind.DuplicateUser, PskLineKind.Valid],
            psk.Lines.Select(l => l.Kind));
        using var server = new GnuTlsPskServer(dir.Write("keys.psk", psk.ToString()));
        var anyKey = Convert.ToHexStringLower(new byte[16]);

        Assert.True(server.Handshakes("alice", psk.KeyHexFor("alice")!), server.Output);
        // The first line for a user wins; the duplicate's key is never used.
        Assert.False(server.Handshakes("alice", psk.Lines[5].KeyHex!));
        // A key GnuTLS cannot hex-decode fails that user only at handshake time.
        Assert.False(server.Handshakes("bob", anyKey));
        Assert.False(server.Handshakes("bob", "00112233445566"));
        Assert.False(server.Handshakes("carol", psk.Lines[2].KeyHex![..^1]));
        Assert.False(server.Handshakes("carol", anyKey));
        // A line without ':' names nobody: "dave" is an unknown user, whatever the key.
        Assert.False(server.Handshakes("dave", psk.Lines[3].Text["dave".Length..]));
        Assert.False(server.Handshakes("erin", anyKey));
        // Broken lines do not stop the parser: the last line still works.
        Assert.True(server.Handshakes("frank", psk.KeyHexFor("frank")!), server.Output);
    }

    [Fact]
    public void CrlfLineEndingsBreakEveryKeyForGnuTls()
    {
        using var dir = new TempDir();
        var psk = PskFile.WithRandomKeys("alice", "bob");
        psk.CrlfLineEndings = true;
        var text = psk.ToString();
        Assert.Equal(2, Regex.Matches(text, "\r\n").Count);
        using (var crlf = new GnuTlsPskServer(dir.Write("crlf.psk", text)))
        {
            // GnuTLS 3.7 keeps the '\r' as part of the key, which then is not valid hex.
            Assert.False(crlf.Handshakes("alice", psk.KeyHexFor("alice")!));
            Assert.False(crlf.Handshakes("bob", psk.KeyHexFor("bob")!));
        }

        psk.CrlfLineEndings = false;
        using var lf = new GnuTlsPskServer(dir.Write("lf.psk", psk.ToString()));
        Assert.True(lf.Handshakes("alice", psk.KeyHexFor("alice")!), lf.Output);
    }

    [Fact]
    public void UsernamesThatCannotBeWrittenAreRefused()
    {
        Assert.Throws<ArgumentException>(() => new PskFile().AddRandom("a:b"));
        Assert.Throws<ArgumentException>(() => new PskFile().AddRandom(""));
        Assert.Throws<ArgumentException>(() => new PskFile().AddRaw("two\nlines"));
        Assert.Throws<InvalidOperationException>(() => new PskFile().AddDuplicate("nobody"));
        Assert.Equal("anything goes\n", new PskFile().AddRaw("anything goes").ToString());
    }

    [GeneratedRegex("^[^:\r\n]+:[0-9a-f]+$")]
    private static partial Regex ValidLine();
}
