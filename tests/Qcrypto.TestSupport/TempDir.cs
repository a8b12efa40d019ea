namespace Qcrypto.TestSupport;

/// <summary>A scratch directory under the system's temp directory, removed (whatever modes its files got) after the test.</summary>
public sealed class TempDir : IDisposable
{
    public TempDir(string prefix = "qcrypto-test-") => Path = Directory.CreateTempSubdirectory(prefix).FullName;

    public string Path { get; }

    /// <summary>The path of <paramref name="name"/> in the directory (nothing is created).</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>A subdirectory, created.</summary>
    public string Sub(string name)
    {
        var path = File(name);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Writes text to a file in the directory and returns its path.</summary>
    public string Write(string name, string text)
    {
        var path = File(name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Writes bytes to a file in the directory and returns its path.</summary>
    public string Write(string name, byte[] content)
    {
        var path = File(name);
        System.IO.File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>Writes a file only its owner can read (what a secret file should be).</summary>
    public string Private(string name, byte[] content)
    {
        var path = File(name);
        System.IO.File.WriteAllBytes(path, content);
        System.IO.File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return path;
    }

    public void Dispose()
    {
        // A test may leave a file or directory without permissions (mode 000): give them back so it can be removed.
        foreach (var entry in Directory.EnumerateFileSystemEntries(Path, "*", SearchOption.AllDirectories))
        {
            try
            {
                System.IO.File.SetUnixFileMode(entry, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
            catch (IOException)
            {
            }
        }

        Directory.Delete(Path, recursive: true);
    }
}
