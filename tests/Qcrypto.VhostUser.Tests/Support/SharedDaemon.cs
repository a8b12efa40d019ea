namespace Qcrypto.VhostUser.Tests.Support;

/// <summary>One back-end daemon process for the tests that only need one to talk to.</summary>
public sealed class SharedDaemon : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("qcrypto-shared-vu-");
    private readonly Daemon _daemon;

    public SharedDaemon()
    {
        _daemon = Daemon.Start(Path.Combine(_dir.FullName, "vu.sock"), "--queues", "2", "--quiet", "--max-connections", "64");
        Instance = this;
    }

    public static SharedDaemon Instance { get; private set; } = null!;

    public string SocketPath => _daemon.SocketPath;

    public Daemon Daemon => _daemon;

    public void Dispose()
    {
        _daemon.Stop();
        _daemon.Dispose();
        _dir.Delete(recursive: true);
    }
}
