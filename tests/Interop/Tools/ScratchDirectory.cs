using System.Text;

namespace Qcrypto.Interop.Tests.Tools;

/// <summary>A private temporary directory for one test, deleted with everything in it afterwards.</summary>
public sealed class ScratchDirectory : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public ScratchDirectory()
    {
        Path = Directory.CreateTempSubdirectory("qcrypto-interop-").FullName;
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>
    /// Writes <paramref name="content"/> with mode 0600: plaintext and master keys must not be readable
    /// by others, or qcrypto (rightly) refuses them.
    /// </summary>
    public string WritePrivate(string name, ReadOnlySpan<byte> content)
    {
        var path = File(name);
        using (var stream = new FileStream(path, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = OwnerOnly }))
        {
            stream.Write(content);
        }

        return path;
    }

    public string WritePrivate(string name, string content) => WritePrivate(name, Encoding.UTF8.GetBytes(content));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory must not turn a passing test red.
        }
    }
}
