namespace Qcrypto.Tls.Tests.Tools;

/// <summary>A scratch credentials directory.</summary>
public sealed class CredsDir : IDisposable
{
    public CredsDir() => Path = Directory.CreateTempSubdirectory("qcrypto-tls-").FullName;

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public CredsDir Write(string name, string content, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        System.IO.File.WriteAllText(File(name), content);
        System.IO.File.SetUnixFileMode(File(name), mode);
        return this;
    }

    /// <summary>A keys.psk with one random key per user, made by GnuTLS's psktool.</summary>
    public CredsDir Psktool(params string[] users)
    {
        var psktool = Tool.Require("psktool", "gnutls-bin");
        foreach (var user in users)
        {
            var r = Tool.Run(psktool, ["-u", user, "-p", File("keys.psk")]);
            Assert.True(r.ExitCode == 0, r.Stderr);
        }

        return this;
    }

    /// <summary>The hex key of <paramref name="user"/> in keys.psk.</summary>
    public string PskKey(string user = "qemu") =>
        System.IO.File.ReadAllLines(File("keys.psk")).First(l => l.StartsWith(user + ":", StringComparison.Ordinal))[(user.Length + 1)..];

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
