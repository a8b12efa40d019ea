namespace Qcrypto.TestCerts;

/// <summary>Writes scenarios to disk in one call.</summary>
public static class ScenarioWriter
{
    /// <summary>Writes the scenario's files into <paramref name="directory"/>; returns its full path.</summary>
    public static string Write(Scenario scenario, string directory) => CertDirWriter.WriteFiles(scenario.Files, directory);

    /// <summary>Writes the two directories as <paramref name="directory"/>/server and <paramref name="directory"/>/client.</summary>
    public static SessionDirs Write(SessionScenario scenario, string directory) => new(
        CertDirWriter.WriteFiles(scenario.ServerFiles, Path.Combine(directory, "server")),
        CertDirWriter.WriteFiles(scenario.ClientFiles, Path.Combine(directory, "client")));
}
