using Qcrypto.Certdir.Tests.Support;

namespace Qcrypto.Certdir.Tests;

/// <summary>
/// Keys QEMU loads but no handshake can use (issue 9, item 15): certdir check exits 1 with handshake-impossible naming
/// the stage, and the proof is a real handshake with qemu-nbd that fails there. The controls (RSA 1024, P-192 with TLS
/// 1.3 off) load, handshake, and are only weak-key warnings.
/// </summary>
public sealed class HandshakeUsabilityTests : IDisposable
{
    private readonly TempDir _tmp = new();
    private readonly OpensslPki _pki;
    private readonly string _goodServer;
    private readonly string _goodClient;

    public HandshakeUsabilityTests()
    {
        _pki = new OpensslPki(_tmp.Path);
        _goodServer = _pki.Server("good-server", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256");
        _goodClient = _pki.Client("good-client", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256");
    }

    public static TheoryData<string, string[], string, string> DeadServers { get; } = new()
    {
        { "dsa", ["DSA"], "No supported cipher suites have been found.", "No supported cipher suites" },
        { "rsa512", ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:512"], "Some constraint limits were reached.", "insecure algorithm" },
        { "rsa768", ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:768"], "", "insecure algorithm" },
        { "p192", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-192"], "No supported cipher suites have been found.", "No supported cipher suites" },
    };

    [Theory]
    [MemberData(nameof(DeadServers))]
    public void ServerKeyQemuLoadsButNoHandshakeCanUseIsAnError(string name, string[] key, string qemuLog, string stage)
    {
        var dir = _pki.Server(name, key);
        var check = Tools.Qcrypto("certdir", "check", dir, "--endpoint", "server");
        Assert.True(check.ExitCode == 1, check.Stdout + check.Stderr);
        Assert.Contains("QEMU 7.2: loads it, but no TLS session can work", check.Stdout);
        var line = check.Stdout.Split('\n').Single(l => l.Contains("[handshake-impossible]", StringComparison.Ordinal));
        Assert.StartsWith("error", line);
        Assert.Contains(stage, line);
        Assert.DoesNotContain("[weak-key]", check.Stdout);

        // QEMU agrees the directory loads, and no handshake completes: the client refuses or the server fails.
        var run = NbdHandshake.Run(dir, _goodClient, _tmp.Path, serverOptions: ",verify-peer=off", serverLog: qemuLog);
        Assert.True(run.ServerLoaded, run.ServerLog);
        Assert.True(run.ClientExit == 1, run.ClientStderr);
        Assert.Contains(qemuLog, run.ServerLog);
        Assert.DoesNotContain("export: exp", run.ClientStderr);
    }

    public static TheoryData<string, string[], string> DeadClients { get; } = new()
    {
        { "c-dsa", ["DSA"], "No certificate was found." },
        { "c-rsa768", ["-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:768"], "The certificate uses an insecure algorithm" },
        { "c-p224", ["-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-224"], "No certificate was found." },
    };

    [Theory]
    [MemberData(nameof(DeadClients))]
    public void ClientKeyAVerifyingServerNeverAcceptsIsAnError(string name, string[] key, string qemuLog)
    {
        var dir = _pki.Client(name, key);
        var check = Tools.Qcrypto("certdir", "check", dir, "--endpoint", "client");
        Assert.True(check.ExitCode == 1, check.Stdout + check.Stderr);
        Assert.Contains(qemuLog, check.Stdout.Split('\n').Single(l => l.Contains("[handshake-impossible]", StringComparison.Ordinal)));

        var run = NbdHandshake.Run(_goodServer, dir, _tmp.Path, serverLog: qemuLog);
        Assert.True(run.ServerLoaded, run.ServerLog);
        Assert.True(run.ClientExit == 1, run.ClientStderr);
        Assert.Contains(qemuLog, run.ServerLog);
    }

    [Fact]
    public void CaWithAnRsaKeyUnder1024BitsMakesEveryCertificateItSignedUseless()
    {
        var weak = new OpensslPki(Path.Combine(_tmp.Path, "weak-ca"), "-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:768");
        var dir = weak.Server("server", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256");
        var check = Tools.Qcrypto("certdir", "check", dir, "--endpoint", "server");
        Assert.True(check.ExitCode == 1, check.Stdout);
        Assert.Contains("has an RSA 768-bit key: QEMU 7.2 loads the directory, but clients refuse every certificate it signed", check.Stdout);

        var client = Directory.CreateDirectory(Path.Combine(_tmp.Path, "weak-ca-client")).FullName;
        File.Copy(weak.CaCert, Path.Combine(client, "ca-cert.pem"));
        var run = NbdHandshake.Run(dir, client, _tmp.Path, serverOptions: ",verify-peer=off");
        Assert.True(run.ServerLoaded, run.ServerLog);
        Assert.Contains("The certificate uses an insecure algorithm", run.ClientStderr);
    }

    [Theory]
    [InlineData("rsa1024", "-algorithm|RSA|-pkeyopt|rsa_keygen_bits:1024", "")]
    [InlineData("p192-tls12", "-algorithm|EC|-pkeyopt|ec_paramgen_curve:P-192", "NORMAL:-VERS-TLS1.3")]
    public void UsableButWeakKeysStayWarnings(string name, string key, string priority)
    {
        var dir = _pki.Server(name, key.Split('|'));
        string[] extra = priority.Length > 0 ? ["--priority", priority] : [];
        var check = Tools.Qcrypto(["certdir", "check", dir, "--endpoint", "server", .. extra]);
        Assert.True(check.ExitCode == 0, check.Stdout);
        Assert.Contains("[weak-key]", check.Stdout);
        Assert.DoesNotContain("handshake-impossible", check.Stdout);

        var p = priority.Length > 0 ? $",priority={priority}" : string.Empty;
        var run = NbdHandshake.Run(dir, _goodClient, _tmp.Path, clientPriority: p, serverOptions: ",verify-peer=off" + p);
        Assert.True(run.ClientExit == 0, run.ClientStderr + run.ServerLog);
    }

    public void Dispose() => _tmp.Dispose();
}
