namespace Qcrypto.Cli.Tests;

/// <summary>
/// `sev secret --in FILE` with a FILE others can read said "Refusing to read key file FILE" although FILE is the
/// secret to inject, not a key. Every option reading a private file names what it holds: the secret options a
/// "secret file", the transport key options a "key file", in the same message shape, for both refusals (world
/// readable, unreadable).
/// </summary>
public sealed class SevPrivateFileTests : IDisposable
{
    private const string Measurement = "TLeA7607lZQntLjRY1/i+sbtdSZ+75zxpz4Px9hzpBLwItF5Q2o4prA++3ZZv9ZS";
    private const string Guid = "736869e5-84f0-4973-92ec-06879ce3da0b";

    private readonly TempDir _dir = new();

    public SevPrivateFileTests()
    {
        _dir.Private("tek.bin", Convert.FromHexString("52a869b79ab9c13bb6a92b0561619cb3"));
        _dir.Private("tik.bin", Convert.FromHexString("c6d5a9956133050912b24bbe5c372686"));
        _dir.Private("tk.bin", Convert.FromHexString("52a869b79ab9c13bb6a92b0561619cb3c6d5a9956133050912b24bbe5c372686"));
        _dir.Private("luks", "MY-LUKS-PASSPHRASE"u8.ToArray());
    }

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("--in", "luks", "secret file")]
    [InlineData("--efi-secret", "luks", "secret file")]
    [InlineData("--tk-file", "tk.bin", "key file")]
    [InlineData("--tek", "tek.bin", "key file")]
    [InlineData("--tik", "tik.bin", "key file")]
    public void AWorldReadableFileIsRefusedNamingWhatItHolds(string option, string file, string what)
    {
        var path = _dir.File(file);
        Assert.Equal(0, CliRunner.Run(_dir.Path, Args(option)).ExitCode);

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var r = CliRunner.Run(_dir.Path, Args(option));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"qcrypto: error: {option}: Refusing to read {what} {path}: it is readable by other users (mode 0644)\n", r.Stderr);
        Assert.Contains($"hint: run 'chmod 600 {path}' (or pass --allow-world-readable)", r.Stderr);
        Assert.DoesNotContain(what == "key file" ? "secret file" : "key file", r.Stderr);
        Assert.Equal(0, CliRunner.Run(_dir.Path, [.. Args(option), "--allow-world-readable"]).ExitCode);
    }

    [Theory]
    [InlineData("--in", "luks", "secret file")]
    [InlineData("--efi-secret", "luks", "secret file")]
    [InlineData("--tk-file", "tk.bin", "key file")]
    [InlineData("--tik", "tik.bin", "key file")]
    public void AMissingFileIsNamedForWhatItShouldHold(string option, string file, string what)
    {
        var path = _dir.File(file);
        File.Delete(path);
        var r = CliRunner.Run(_dir.Path, Args(option));
        Assert.Equal(2, r.ExitCode);
        Assert.Contains($"qcrypto: error: {option}: cannot read {what} {path}: Failed to open file “{path}”: No such file or directory\n", r.Stderr);
    }

    /// <summary>A `sev secret` run that reads <paramref name="option"/>'s file (the other inputs all private).</summary>
    private static string[] Args(string option)
    {
        string[] keys = option switch
        {
            "--tk-file" => ["--tk-file", "tk.bin"],
            _ => ["--tek", "tek.bin", "--tik", "tik.bin"],
        };
        string[] secret = option == "--efi-secret" ? ["--efi-secret", $"{Guid}:luks"] : ["--in", "luks"];
        return ["sev", "secret", .. keys, "--measurement", Measurement, .. secret];
    }
}
