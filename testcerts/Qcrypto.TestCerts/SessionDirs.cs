namespace Qcrypto.TestCerts;

/// <summary>Where <see cref="ScenarioWriter"/> put a session scenario's two directories.</summary>
/// <param name="Server">Full path of the server's credentials directory.</param>
/// <param name="Client">Full path of the client's credentials directory.</param>
public sealed record SessionDirs(string Server, string Client);
