using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.Driver;
using Qcrypto.Cryptodev.VhostUser.Frontend;
using Qcrypto.Cryptodev.Wire;
using Qcrypto.Cryptodev.Tests.Support;
using Qcrypto.Objects;
using Qcrypto.VhostUser.Tests.Support;
using R = Qcrypto.Cryptodev.VhostUser.Protocol.VhostUserRequest;

namespace Qcrypto.VhostUser.Tests;

/// <summary>Either side dies mid-request; a thousand front-ends come and go: the survivor reports and goes on, nothing leaks.</summary>
public sealed partial class FaultTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("qcrypto-vu-fault-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void BackendKilledMidRequestFailsWhatWasInFlightAndNothingElse()
    {
        using var daemon = Daemon.Start(Path.Combine(_dir.FullName, "vu.sock"));
        var completions = new Completions();
        using var registry = new ObjectRegistry(Qcrypto.Composition.QcryptoCatalog.CreateLive());
        var backend = (CryptodevVhostUser)registry.Add($"cryptodev-vhost-user,id=dying,chardev={daemon.SocketPath}");
        using var device = new VirtioCryptoDevice(backend, completion: completions);
        var driver = new VirtioCryptoDriver(device);
        var (status, session) = driver.CreateCipherSession(VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CBC, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, new byte[32]);
        Assert.Equal(VirtioCryptoStatus.VIRTIO_CRYPTO_OK, status);

        // One request completes before anything goes wrong: it must stay a success.
        Assert.True(driver.Cipher(session, true, new byte[16], new byte[4096]).Raw.IsPending);
        Assert.True(completions.WaitFor(1), "the first request never completed");
        Assert.Equal(VirtioCryptoStatus.VIRTIO_CRYPTO_OK, Assert.Single(completions.Results).Result.Status);

        // Freeze the back-end (SIGSTOP) so the next requests are surely in flight however fast the
        // machine is, then kill it: every one of them fails, and only they do. Each fits a ring slot
        // (64 KiB): larger ones share one buffer and would wait for the frozen back-end to free it.
        daemon.Freeze();
        const int inFlight = 24;
        for (var i = 0; i < inFlight; i++)
        {
            Assert.True(driver.Cipher(session, true, new byte[16], new byte[4096]).Raw.IsPending);
        }

        daemon.Kill();
        Assert.True(completions.WaitFor(inFlight), "the in-flight requests never completed");
        var results = completions.Results.Select(c => c.Result).ToArray();
        Assert.Equal(1 + inFlight, results.Length);
        Assert.Equal(VirtioCryptoStatus.VIRTIO_CRYPTO_OK, results[0].Status);
        Assert.All(results.Skip(1), r =>
        {
            Assert.NotEqual(VirtioCryptoStatus.VIRTIO_CRYPTO_OK, r.Status);
            Assert.Contains("back-end", r.DeviceError, StringComparison.Ordinal);
        });
        Assert.True(backend.IsDisconnected);
        Assert.Contains("closed the connection", backend.DisconnectReason, StringComparison.Ordinal);

        // After: requests fail at once with the reason, sessions cannot be made; nothing hangs.
        var after = driver.Cipher(session, true, new byte[16], new byte[64]);
        Assert.Equal(VirtioCryptoStatus.VIRTIO_CRYPTO_ERR, after.Status);
        Assert.NotNull(after.Raw.DeviceError);
        Assert.Equal(VirtioCryptoStatus.VIRTIO_CRYPTO_ERR, driver.CreateCipherSession(VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CBC, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, new byte[32]).Status);

        // Another backend object, on another back-end, is not affected.
        using var other = new Rig();
        var (s, otherSession) = other.Driver.CreateCipherSession(VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CBC, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, new byte[32]);
        Assert.Equal(VirtioCryptoStatus.VIRTIO_CRYPTO_OK, s);
        Assert.Equal(VirtioCryptoStatus.VIRTIO_CRYPTO_OK, other.Driver.Cipher(otherSession, true, new byte[16], new byte[64]).Status);
    }

    [Fact]
    public async Task BackendKilledUnderASynchronousCallerReleasesIt()
    {
        using var daemon = Daemon.Start(Path.Combine(_dir.FullName, "vu.sock"));
        using var registry = new ObjectRegistry(Qcrypto.Composition.QcryptoCatalog.CreateLive());
        var backend = (CryptodevVhostUser)registry.Add($"cryptodev-vhost-user,id=dying,chardev={daemon.SocketPath}");
        using var device = new VirtioCryptoDevice(backend);
        var driver = new VirtioCryptoDriver(device);
        var (_, session) = driver.CreateCipherSession(VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CBC, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, new byte[32]);
        var results = new ConcurrentBag<VirtioCryptoStatus>();

        // Each caller goes on until its own call fails, so the kill lands while they are calling
        // however fast the machine is (a fixed amount of work can finish before the kill).
        var callers = Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
        {
            var deadline = Environment.TickCount64 + 60000;
            VirtioCryptoStatus status;
            do
            {
                status = driver.Cipher(session, true, new byte[16], new byte[256 << 10]).Status;
                results.Add(status);
            }
            while (status == VirtioCryptoStatus.VIRTIO_CRYPTO_OK && Environment.TickCount64 < deadline);
        })).ToArray();
        var busy = Environment.TickCount64 + 60000;
        while (results.Count < 8 && Environment.TickCount64 < busy)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.True(results.Count >= 8, "the callers never got going");
        Assert.All(results, r => Assert.Equal(VirtioCryptoStatus.VIRTIO_CRYPTO_OK, r));
        daemon.Kill();
        var all = Task.WhenAll(callers);
        Assert.Same(all, await Task.WhenAny(all, Task.Delay(30000, TestContext.Current.CancellationToken)));
        Assert.Contains(VirtioCryptoStatus.VIRTIO_CRYPTO_ERR, results);
    }

    [Fact]
    public void AThousandConnectDisconnectCyclesLeakNothing()
    {
        // A small gen0 budget makes the daemon's GC run often, so its RSS follows what it really keeps.
        using var daemon = Daemon.Start(Path.Combine(_dir.FullName, "vu.sock"), new Dictionary<string, string> { ["DOTNET_GCgen0size"] = "0x200000" }, "--quiet");
        void Cycle()
        {
            using var raw = RawFrontend.Connect(daemon.SocketPath);
            raw.Negotiate();
            raw.SetUpRing();
            var payload = new byte[Qcrypto.Cryptodev.VhostUser.Protocol.CryptoSessionMessage.Qemu72Size];
            Assert.True(Qcrypto.Cryptodev.VhostUser.Protocol.CryptoSessionMessage.TryWrite(payload, Qcrypto.Cryptodev.VhostUser.Protocol.CryptoSessionLayout.Qemu72,
                new SessionRequest { Kind = SessionKind.Cipher, CipherAlgo = VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CBC, CipherOp = VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT },
                new byte[32], []));
            Assert.True(raw.Send(R.CreateCryptoSession, payload));
            var reply = raw.Receive();
            Assert.NotNull(reply);
            Assert.True(Qcrypto.Cryptodev.VhostUser.Protocol.CryptoSessionMessage.ReadSessionId(reply.Payload.Span, Qcrypto.Cryptodev.VhostUser.Protocol.CryptoSessionLayout.Qemu72) >= 0);
        }

        // Warm up (thread pools, first mappings), then measure the daemon process from outside.
        for (var i = 0; i < 20; i++)
        {
            Cycle();
        }

        var before = Snapshot(daemon);
        for (var i = 0; i < 1000; i++)
        {
            Cycle();
        }

        var mid = Snapshot(daemon);

        // 500 more: whatever the runtime grew to serve the first thousand, a leak keeps growing.
        for (var i = 0; i < 500; i++)
        {
            Cycle();
        }

        var after = Snapshot(daemon);
        TestContext.Current.TestOutputHelper?.WriteLine($"before {before}\nmid    {mid}\nafter  {after}");
        Assert.Equal(before.Fds, mid.Fds);
        Assert.InRange(mid.RssKb, 0, before.RssKb + (32 * 1024));
        Assert.Equal(0, after.Connections);
        Assert.Equal(0, after.Sessions);
        Assert.Equal(before.Fds, after.Fds);
        // Each cycle mapped 1 MiB of guest memory: a leaked mapping would be 1,000 more lines. The GC's own
        // heap regions come and go by a few dozen.
        // The thread pool may add or retire a few workers (up to about one per core: CI has more cores than
        // this machine), each with its stack mappings; a leak per connection would be 1,500 of either.
        var pool = 2 * Environment.ProcessorCount;
        Assert.InRange(after.Maps, before.Maps - 64 - (2 * pool), before.Maps + 64 + (2 * pool));
        Assert.InRange(after.Threads, 1, before.Threads + 4 + pool);
        Assert.InRange(after.RssKb, 0, mid.RssKb + (8 * 1024));
        Assert.Equal(1520, after.Accepted);
    }

    private readonly record struct ProcessSnapshot(int Fds, int Maps, int Threads, long RssKb, long Connections, long Sessions, long Accepted);

    /// <summary>The daemon as the kernel sees it (fds, mappings, threads, RSS) and as it counts (SIGUSR1).</summary>
    private static ProcessSnapshot Snapshot(Daemon daemon)
    {
        ProcessSnapshot Take()
        {
            var pid = daemon.Pid;
            var length = daemon.Stdout.Length;
            daemon.Signal("USR1");
            var until = Environment.TickCount64 + 10000;
            while (daemon.Stdout.Length == length || !daemon.Stdout[length..].Contains("notifications", StringComparison.Ordinal))
            {
                Assert.True(Environment.TickCount64 < until, "no statistics on SIGUSR1");
                Thread.Sleep(20);
            }

            var stats = daemon.Stdout[length..];
            long Stat(string name) => long.Parse(Regex.Match(stats, name + @"\s+(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var status = File.ReadAllText($"/proc/{pid}/status");
            return new ProcessSnapshot(
                Directory.GetFiles($"/proc/{pid}/fd").Length,
                File.ReadAllLines($"/proc/{pid}/maps").Length,
                int.Parse(Regex.Match(status, @"Threads:\s+(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
                long.Parse(Regex.Match(status, @"VmRSS:\s+(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
                Stat("connections-active"), Stat("sessions-active"), Stat("connections-accepted"));
        }

        // Connections are released on the server's threads just after the front-end goes: wait for it.
        var snapshot = Take();
        for (var i = 0; i < 50 && snapshot.Connections > 0; i++)
        {
            Thread.Sleep(100);
            snapshot = Take();
        }

        return snapshot;
    }
}
