namespace Qcrypto.Cli.Tests;

/// <summary>
/// Checked-in expected output under golden/. A missing or different file fails the test; set
/// QCRYPTO_UPDATE_GOLDEN=1 to rewrite them, then review the diff before committing.
/// </summary>
public static class Golden
{
    private static string Directory => Path.Combine(SourceDirectory(), "golden");

    public static void Match(string name, string actual)
    {
        var path = Path.Combine(Directory, name);
        if (Environment.GetEnvironmentVariable("QCRYPTO_UPDATE_GOLDEN") == "1")
        {
            System.IO.Directory.CreateDirectory(Directory);
            File.WriteAllText(path, actual);
            return;
        }

        Assert.True(File.Exists(path), $"golden file {path} is missing (run with QCRYPTO_UPDATE_GOLDEN=1 to create it)");
        Assert.Equal(File.ReadAllText(path), actual);
    }

    private static string SourceDirectory([System.Runtime.CompilerServices.CallerFilePath] string file = "") => Path.GetDirectoryName(file)!;
}
