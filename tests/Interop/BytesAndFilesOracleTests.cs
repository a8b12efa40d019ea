using System.Security.Cryptography;
using Qcrypto.Interop.Tests.Tools;
using Qcrypto.TestSupport;
using static Qcrypto.TestSupport.RawArgv;

namespace Qcrypto.Interop.Tests;

/// <summary>
/// Issue 9, items 2, 6 and 11, against the real QEMU 7.2: a secret file that cannot be opened is worded
/// by glib with open(2)'s errno (never .NET's text); arguments and file names are bytes, not UTF-8; a
/// secret file has no size limit of ours. Each case runs QEMU and <c>qcrypto object check</c> on the same
/// argument bytes and compares the verdict and the message byte for byte.
/// </summary>
public sealed class BytesAndFilesOracleTests
{
    private static readonly ExternalTool Qemu = new("qemu-system-x86_64", "qemu-system-x86");

    /// <summary>The raw 32-byte key: bytes E0..FF, none of them valid UTF-8 on its own (and no NUL or comma).</summary>
    private static readonly byte[] RawKey = [.. Enumerable.Range(0xE0, 32).Select(b => (byte)b)];

    public static TheoryData<string, string> BrokenLinks => new()
    {
        { "dangling", "No such file or directory" },
        { "loop", "Too many levels of symbolic links" },
    };

    [Theory]
    [MemberData(nameof(BrokenLinks))]
    public void BrokenSymlinkAsSecretFileIsWordedAsQemuWordsIt(string name, string why)
    {
        using var dir = new ScratchDirectory();
        File.CreateSymbolicLink(dir.File("dangling"), dir.File("nowhere"));
        File.CreateSymbolicLink(dir.File("loop"), dir.File("loop"));
        var line = Text($"secret,id=s,file={dir.File(name)}");

        var qemu = QemuError(line);
        Assert.Equal(Text($"Unable to read {dir.File(name)}: Failed to open file “{dir.File(name)}”: {why}"), qemu);
        AssertWeSay(dir.Path, qemu!, line);
    }

    [Fact]
    public void Latin1FileNamesAreBytesInBoth()
    {
        using var dir = new ScratchDirectory();
        var existing = Join(Text(dir.Path + "/lat"), [0xE9]);
        WriteFile(existing, Text("pw"));
        var present = Join(Text("secret,id=s,file="), existing);
        Assert.Null(QemuError(present));
        var decrypted = RunCli(dir.Path, Text("secret"), Text("decrypt"), Text("--object"), present, Text("--id"), Text("s"));
        Assert.True(decrypted.ExitCode == 0, decrypted.Stderr);
        Assert.Equal(Text("pw"), decrypted.Stdout);

        // Missing: QEMU prints the path's bytes, then glib's display name of it (U+FFFD for the byte).
        var missing = Join(Text("secret,id=s,file="), Text(dir.Path + "/n"), [0xE9], Text("x"));
        var qemu = QemuError(missing);
        Assert.Equal(Join(Text($"Unable to read {dir.Path}/n"), [0xE9], Text($"x: Failed to open file “{dir.Path}/n\uFFFDx”: No such file or directory")), qemu);
        AssertWeSay(dir.Path, qemu!, missing);

        // .NET's Directory.Delete cannot spell the name.
        DeleteTree(dir.Path);
    }

    [Fact]
    public void RawKeyBytesOnTheCommandLineAreTheKey()
    {
        // QEMU takes data= as bytes: 32 bytes that are not UTF-8 are a valid AES-256 master key.
        var iv = new byte[16];
        RandomNumberGenerator.Fill(iv);
        using var aes = Aes.Create();
        aes.Key = RawKey;
        var ciphertext = aes.EncryptCbc("letmein"u8, iv, PaddingMode.PKCS7);
        var master = Join(Text("secret,id=m,format=raw,data="), RawKey);
        var secret = Text($"secret,id=s,keyid=m,iv={Convert.ToBase64String(iv)},data={Convert.ToBase64String(ciphertext)},format=base64");
        Assert.Null(QemuError(master, secret));

        // QEMU decrypts it to the password a LUKS image made with it opens with...
        using var dir = new ScratchDirectory();
        var image = dir.File("disk.luks");
        var qemuImg = ExternalTool.QemuImg.Resolve();
        var create = Run(dir.Path, null, Text(qemuImg), Text("create"), Text("-q"), Text("-f"), Text("luks"), Text("--object"), master, Text("--object"), secret,
            Text("-o"), Text("key-secret=s"), Text(image), Text("1M"));
        Assert.True(create.ExitCode == 0, create.Stderr);
        var open = Run(dir.Path, null, Text(qemuImg), Text("info"), Text("--object"), Text("secret,id=p,data=letmein"), Text("--image-opts"),
            Text($"driver=luks,key-secret=p,file.filename={image}"));
        Assert.True(open.ExitCode == 0, open.Stderr);

        // ...and so do we.
        var ours = RunCli(dir.Path, Text("secret"), Text("decrypt"), Text("--object"), master, Text("--object"), secret, Text("--id"), Text("s"));
        Assert.True(ours.ExitCode == 0, ours.Stderr);
        Assert.Equal("letmein"u8.ToArray(), ours.Stdout);
    }

    [Fact]
    public void SecretFilesBeyond64MiBAreRead()
    {
        using var dir = new ScratchDirectory();
        var path = dir.File("big");
        using (var f = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite }))
        {
            // 100 MB of zeros, sparse: no disk is used.
            f.SetLength(100_000_000);
        }

        var line = Text($"secret,id=s,file={path}");
        Assert.Null(QemuError(line));
        var ours = RunCli(dir.Path, Text("object"), Text("check"), Text("--object"), Text($"secret,id=s,file={path}"));
        Assert.True(ours.ExitCode == 0, ours.StdoutText + ours.Stderr);
    }

    [Fact]
    public void EndlessDevicesFailWithGlibsAllocationMessage()
    {
        // QEMU reads /dev/zero until an allocation fails (here at a 2 GB address-space limit; without one,
        // the host's memory runs out). We stop at 64 MiB with glib's message for it.
        var qemu = Run(Path.GetTempPath(), null, Text("bash"), Text("-c"),
            Text($"ulimit -v 2000000; exec {Qemu.Resolve()} -machine none -nodefaults -display none -S -object secret,id=s,file=/dev/zero"));
        Assert.Contains("Unable to read /dev/zero: Could not allocate ", qemu.Stderr);
        var ours = RunCli(Path.GetTempPath(), Text("object"), Text("check"), Text("--allow-world-readable"), Text("--object"), Text("secret,id=s,file=/dev/zero"));
        Assert.Equal(1, ours.ExitCode);
        Assert.Contains("Unable to read /dev/zero: Could not allocate 134217728 bytes to read file “/dev/zero” [secret-read]", ours.StdoutText);
    }

    /// <summary>QEMU's error for the lines (the bytes after its "qemu-system-x86_64: " prefix), or null when it accepts them.</summary>
    private static byte[]? QemuError(params byte[][] lines)
    {
        List<byte[]> args = [Text(Qemu.Resolve()), Text("-machine"), Text("none"), Text("-nodefaults"), Text("-display"), Text("none"), Text("-S"), Text("-qmp"), Text("stdio")];
        foreach (var line in lines)
        {
            args.AddRange([Text("-object"), line]);
        }

        var r = Run(Path.GetTempPath(), Text("{\"execute\":\"qmp_capabilities\"}\n{\"execute\":\"quit\"}\n"), [.. args]);
        if (r.ExitCode == 0)
        {
            return null;
        }

        var prefix = Text("qemu-system-x86_64: ");
        var err = r.StderrBytes.AsSpan().TrimEnd((byte)'\n');
        Assert.True(err.StartsWith(prefix), r.Stderr);
        return err[prefix.Length..].ToArray();
    }

    /// <summary><c>object check</c> of the same bytes reports <paramref name="qemu"/>'s message, byte for byte.</summary>
    private static void AssertWeSay(string cwd, byte[] qemu, params byte[][] lines)
    {
        var ours = RunCli(cwd, [Text("object"), Text("check"), .. lines.SelectMany(l => new[] { Text("--object"), l })]);
        Assert.Equal(1, ours.ExitCode);
        Assert.True(ours.Stdout.AsSpan().IndexOf(qemu) >= 0, $"QEMU: {System.Text.Encoding.UTF8.GetString(qemu)}\nours: {ours.StdoutText}");
    }
}
