using System.CommandLine;
using System.Diagnostics;
using Qcrypto.Composition;
using Qcrypto.Cryptodev;
using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.Driver;
using Qcrypto.Cryptodev.VhostUser;
using Qcrypto.Cryptodev.Wire;
using Qcrypto.Objects;

namespace Qcrypto.Cli.Commands;

/// <summary>
/// <c>qcrypto vhost-user-crypto bench</c>: in one run, our front-end against our back-end in another
/// process next to the builtin engine in this one: session create+close per second, AES-256-CBC
/// throughput with 1 and with N requests in flight, and 2 queues against 1. Each figure is the
/// median of several rounds (the machine may be shared); CPU time per request is shown beside it.
/// </summary>
internal static class VhostUserBenchCommand
{
    public static Command Create()
    {
        var seconds = new Option<double>("--seconds") { HelpName = "S", Description = "length of each round", DefaultValueFactory = _ => 1.0 };
        var rounds = new Option<int>("--rounds") { HelpName = "N", Description = "rounds per figure (the median is shown)", DefaultValueFactory = _ => 5 };
        var size = new Option<int>("--size") { HelpName = "BYTES", Description = "request size", DefaultValueFactory = _ => 4096 };
        var inFlight = new Option<int>("--in-flight") { HelpName = "N", Description = "requests in flight per queue for the batched figures", DefaultValueFactory = _ => 32 };
        var backend = new Option<string?>("--backend") { HelpName = "SOCKET", Description = "use a running back-end (2 queues) instead of starting one" };
        var json = CommonOptions.Json();
        var command = new Command("bench", "Measure our front-end and back-end (two processes) against the in-process builtin, in one run")
        {
            seconds, rounds, size, inFlight, backend, json,
        };
        command.SetAction(r => Run(new VhostUserBenchSettings(TimeSpan.FromSeconds(r.GetValue(seconds)), r.GetValue(rounds), r.GetValue(size), r.GetValue(inFlight)),
            r.GetValue(backend), r.GetValue(json)));
        return command;
    }

    private static int Run(VhostUserBenchSettings settings, string? socket, bool json)
    {
        if (settings.Rounds < 1 || settings.Size < 16 || settings.Size % 16 != 0 || settings.InFlight is < 1 or > 64 || settings.Round <= TimeSpan.Zero)
        {
            throw new UsageException("--rounds ≥ 1, --size a multiple of 16, --in-flight 1..64, --seconds > 0");
        }

        var dir = Directory.CreateTempSubdirectory("qcrypto-vhost-bench-");
        Process? daemon = null;
        try
        {
            if (socket is null)
            {
                socket = Path.Combine(dir.FullName, "vu.sock");
                daemon = SelfDaemon.Start(socket, "--queues", "2", "--quiet");
            }

            var results = VhostUserBenchRunner.Measure(settings, socket, daemon?.Id);
            VhostUserBenchReport.Write(results, settings, json);
            return ExitCodes.Ok;
        }
        finally
        {
            if (daemon is not null)
            {
                daemon.Kill();
                daemon.WaitForExit();
                daemon.Dispose();
            }

            dir.Delete(recursive: true);
        }
    }
}

/// <summary>What one bench run does.</summary>
internal readonly record struct VhostUserBenchSettings(TimeSpan Round, int Rounds, int Size, int InFlight);

/// <summary>One figure: the median over rounds of ops per second, and CPU microseconds per op (front-end, back-end).</summary>
internal readonly record struct BenchFigure(double OpsPerSecond, double CpuMicros, double BackendCpuMicros, double Low, double High);

/// <summary>Every figure of a run.</summary>
internal sealed record VhostUserBenchResults(
    BenchFigure BuiltinSessions, BenchFigure RemoteSessions,
    BenchFigure Builtin1, BenchFigure Remote1,
    BenchFigure BuiltinBatched, BenchFigure RemoteBatched,
    BenchFigure Builtin2Queues, BenchFigure Remote2Queues);

/// <summary>Builds the two devices (builtin, 2 queues; cryptodev-vhost-user, 2 queues) and runs the figures.</summary>
internal static class VhostUserBenchRunner
{
    public static VhostUserBenchResults Measure(VhostUserBenchSettings s, string socket, int? daemonPid)
    {
        using var registry = new ObjectRegistry(QcryptoCatalog.CreateLive());
        var completion = new VhostUserBenchCompletion();
        var builtin = (CryptodevBackend)registry.Add("cryptodev-backend-builtin,id=builtin,queues=2");
        var remote = (CryptodevBackend)registry.Add($"cryptodev-vhost-user,id=remote,chardev={socket},queues=2");
        using var builtinDevice = new VirtioCryptoDevice(builtin, completion: completion);
        using var remoteDevice = new VirtioCryptoDevice(remote, completion: completion);
        var b = new VirtioCryptoDriver(builtinDevice);
        var r = new VirtioCryptoDriver(remoteDevice);
        var clock = new BenchClock(daemonPid);
        var sessions = clock.Interleaved(s, () => SessionRound(b, s.Round), () => SessionRound(r, s.Round));
        var single = clock.Interleaved(s, () => Throughput(b, s, 1, 1), () => Throughput(r, s, 1, 1));
        var batched = clock.Interleaved(s,
            () => Throughput(b, s, s.InFlight, 1), () => Throughput(r, s, s.InFlight, 1),
            () => Throughput(b, s, s.InFlight, 2), () => Throughput(r, s, s.InFlight, 2));
        return new VhostUserBenchResults(sessions[0], sessions[1], single[0], single[1], batched[0], batched[1], batched[2], batched[3]);
    }

    private static long SessionRound(VirtioCryptoDriver driver, TimeSpan round)
    {
        var key = new byte[32];
        var end = Stopwatch.GetTimestamp() + (long)(round.TotalSeconds * Stopwatch.Frequency);
        long count = 0;
        while (Stopwatch.GetTimestamp() < end)
        {
            var (status, id) = driver.CreateCipherSession(VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CBC, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, key);
            if (status != VirtioCryptoStatus.VIRTIO_CRYPTO_OK || driver.DestroySession(id) != VirtioCryptoStatus.VIRTIO_CRYPTO_OK)
            {
                throw new UsageException($"session create/close failed ({status})");
            }

            count++;
        }

        return count;
    }

    /// <summary>Requests completed in one round with <paramref name="inFlight"/> per queue on <paramref name="queues"/> queues (one session per queue).</summary>
    private static long Throughput(VirtioCryptoDriver driver, VhostUserBenchSettings s, int inFlight, int queues)
    {
        var key = new byte[32];
        var workloads = new List<VhostUserBenchWorkload>();
        var sessions = new List<ulong>();
        for (var q = 0; q < queues; q++)
        {
            var (status, id) = driver.CreateCipherSession(VirtioCryptoCipherAlgo.VIRTIO_CRYPTO_CIPHER_AES_CBC, VirtioCryptoOp.VIRTIO_CRYPTO_OP_ENCRYPT, key);
            if (status != VirtioCryptoStatus.VIRTIO_CRYPTO_OK)
            {
                throw new UsageException($"session creation failed ({status})");
            }

            sessions.Add(id);
            workloads.Add(new VhostUserBenchWorkload(driver, id, q, inFlight, s.Size));
        }

        // Each queue is driven from its own thread (a builtin device answers on the submitting thread).
        var deadline = Stopwatch.GetTimestamp() + (long)(s.Round.TotalSeconds * Stopwatch.Frequency);
        var threads = workloads.Select(w => new Thread(() => w.Start(deadline))).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        foreach (var w in workloads)
        {
            if (!w.WaitDrained(TimeSpan.FromSeconds(30)) || w.Failed)
            {
                throw new UsageException("a bench request failed or never completed");
            }
        }

        sessions.ForEach(id => driver.DestroySession(id));
        return workloads.Sum(w => w.Completed);
    }
}
