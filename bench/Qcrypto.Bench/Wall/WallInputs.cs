using System.Security.Cryptography;

namespace Qcrypto.Bench.Wall;

/// <summary>
/// The shared inputs: a master key file, its hex form and an IV for openssl, and random plaintext
/// files of each size, all mode 0600 (qcrypto warns about readable plaintext, and a warning would
/// add work openssl does not do).
/// </summary>
public sealed class WallInputs : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public WallInputs(IReadOnlyList<(string Label, int Size)> sizes)
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("qcrypto-wall-").FullName;
        var key = RandomNumberGenerator.GetBytes(32);
        KeyHex = Convert.ToHexString(key);
        IvHex = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        KeyFile = Write("master.key", System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(key) + "\n"));
        Files = [.. sizes.Select(s => (s.Label, Write($"plain-{s.Size}", RandomNumberGenerator.GetBytes(s.Size))))];
    }

    public string Directory { get; }

    public string KeyFile { get; }

    public string KeyHex { get; }

    public string IvHex { get; }

    public IReadOnlyList<(string Label, string Path)> Files { get; }

    /// <summary>
    /// Encrypts <paramref name="file"/> with openssl into a base64 file (one line and a newline, as
    /// <c>secret encrypt --out</c> writes it); returns its path and the IV in hex and base64.
    /// </summary>
    public (string Path, string IvHex, string IvBase64) Encrypt((string Label, string Path) file)
    {
        var iv = RandomNumberGenerator.GetBytes(16);
        using var aes = Aes.Create();
        aes.Key = Convert.FromHexString(KeyHex);
        var ciphertext = aes.EncryptCbc(File.ReadAllBytes(file.Path), iv);
        var path = Write($"{System.IO.Path.GetFileName(file.Path)}.b64", System.Text.Encoding.ASCII.GetBytes(Convert.ToBase64String(ciphertext) + "\n"));
        return (path, Convert.ToHexString(iv), Convert.ToBase64String(iv));
    }

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);

    private string Write(string name, byte[] content)
    {
        var path = Path.Combine(Directory, name);
        using var stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly });
        stream.Write(content);
        return path;
    }
}
