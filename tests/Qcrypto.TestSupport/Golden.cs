namespace Qcrypto.TestSupport;

/// <summary>
/// Checked-in expected files (CLI output, public-API snapshots). A missing or different file fails the test;
/// set QCRYPTO_UPDATE_GOLDEN=1 to rewrite them, then review the diff before committing.
/// </summary>
public static class Golden
{
    /// <summary>Compares <paramref name="actual"/> with the file <paramref name="name"/> in <paramref name="directory"/>.</summary>
    public static void MatchIn(string directory, string name, string actual)
    {
        var path = Path.Combine(directory, name);
        if (Environment.GetEnvironmentVariable("QCRYPTO_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing (run with QCRYPTO_UPDATE_GOLDEN=1 to create it)");
        Assert.Equal(File.ReadAllText(path), actual);
    }

    /// <summary>Compares <paramref name="actual"/> with golden/<paramref name="name"/> beside the calling test's source file.</summary>
    public static void Match(string name, string actual, [System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "") =>
        MatchIn(DirectoryOf(sourceFile), name, actual);

    /// <summary>The golden/ directory beside the calling source file.</summary>
    public static string DirectoryOf([System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "") =>
        Path.Combine(Path.GetDirectoryName(sourceFile)!, "golden");
}
