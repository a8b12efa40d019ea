using Qcrypto.VhostUser.Tests.Support;

namespace Qcrypto.VhostUser.Tests;

/// <summary>QEMU runs are heavy (TCG on two cores): one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class QemuCollection
{
    public const string Name = "real QEMU";
}

/// <summary>
/// Real QEMU 7.2 as the front-end, with the issue's exact command line, and a Linux guest whose
/// kernel self-tests the virtio-crypto algorithms: against our back-end process, and against QEMU's
/// own cryptodev-backend-builtin for comparison.
/// </summary>
[Collection(QemuCollection.Name)]
public sealed class QemuGuestTests : IDisposable
{
    private const int BootTimeoutMs = 150_000;
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("qcrypto-guest-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void GuestSelfTestsPassOnOurBackendAsOnQemusBuiltin()
    {
        var image = GuestImage.Build(_dir.FullName);
        var socket = Path.Combine(_dir.FullName, "vu.sock");
        using var daemon = Daemon.Start(socket, "--stats");
        var ours = RunGuest(image, Qemu.VhostUserArgs(socket));
        Assert.Equal(0, daemon.Stop());
        var builtin = RunGuest(image, Qemu.BuiltinArgs());

        var report = Report("qcrypto vhost-user-crypto", ours) + Report("QEMU cryptodev-backend-builtin", builtin);
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        File.WriteAllText(Path.Combine(Path.GetTempPath(), "qcrypto-guest-selftests.txt"), report);

        // QEMU 7.2's vhost-user front-end advertises AES-CBC only: the guest registers exactly that
        // algorithm, and its self-test passes on our back-end.
        var virtio = ours.Where(e => e.Driver.StartsWith("virtio_crypto_", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(virtio);
        Assert.All(virtio, e => Assert.Equal("passed", e.Selftest));
        Assert.Contains(virtio, e => e.Driver == "virtio_crypto_aes_cbc");

        // The same guest on QEMU's builtin: AES-CBC passes there too (its RSA is what differs).
        Assert.Contains(builtin, e => e.Driver == "virtio_crypto_aes_cbc" && e.Selftest == "passed");

        // The back-end really served it: sessions and data requests, and it released them.
        Assert.Matches(@"sessions-created\s+[1-9]", daemon.Stdout);
        Assert.Matches(@"requests\s+[1-9]", daemon.Stdout);
        Assert.Matches(@"connections-active\s+0", daemon.Stdout);
        Assert.Contains("connection released", daemon.Stderr, StringComparison.Ordinal);
    }

    private IReadOnlyList<(string Name, string Driver, string Selftest)> RunGuest(GuestImage image, string[] device)
    {
        using var qemu = Qemu.Boot(image, device);
        Assert.True(qemu.WaitForExit(BootTimeoutMs), $"the guest did not power off within {BootTimeoutMs / 1000} s:\n{qemu.Output}");
        qemu.WaitForExit(5000);
        Assert.True(qemu.Output.Contains(GuestImage.End, StringComparison.Ordinal), $"the guest printed no /proc/crypto:\n{qemu.Output}");
        Assert.DoesNotContain("insmod", qemu.Output.Replace("insmod /lib", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
        return GuestImage.ParseProcCrypto(qemu.Output);
    }

    private static string Report(string backend, IReadOnlyList<(string Name, string Driver, string Selftest)> entries)
    {
        var lines = entries.Where(e => e.Driver.Contains("virtio", StringComparison.Ordinal))
            .Select(e => $"  {e.Driver,-28} {e.Name,-24} selftest: {e.Selftest}");
        return $"{backend}:\n{string.Join('\n', lines)}\n";
    }
}

/// <summary>QEMU killed (kill -9) while its guest's self-tests run on our back-end: the back-end releases everything and serves the next QEMU.</summary>
[Collection(QemuCollection.Name)]
public sealed class QemuKilledTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("qcrypto-guest-kill-");

    public void Dispose() => _dir.Delete(recursive: true);

    [Fact]
    public void BackendSurvivesQemuKilledMidRequestAndServesTheNextOne()
    {
        var image = GuestImage.Build(_dir.FullName);
        var socket = Path.Combine(_dir.FullName, "vu.sock");
        using var daemon = Daemon.Start(socket);
        using (var qemu = Qemu.Boot(image, Qemu.VhostUserArgs(socket)))
        {
            // The guest creates its sessions when virtio_crypto registers, and its self-test requests follow at once.
            Assert.True(daemon.WaitFor(s => s.Contains("memory table", StringComparison.Ordinal), 120_000), daemon.Stderr);
            var until = Environment.TickCount64 + 120_000;
            while (!Stats(daemon).Contains("sessions-created", StringComparison.Ordinal) || Count(daemon, "sessions-created") == 0)
            {
                Assert.True(Environment.TickCount64 < until && !qemu.HasExited, $"no session came:\n{qemu.Output}\n{daemon.Stderr}");
                Thread.Sleep(20);
            }

            qemu.Kill();
        }

        Assert.True(daemon.WaitFor(s => s.Contains("connection released", StringComparison.Ordinal), 60000), daemon.Stderr);
        Assert.Equal(0, Count(daemon, "connections-active"));
        Assert.Equal(0, Count(daemon, "sessions-active"));

        // The same daemon serves a new QEMU, whose guest passes its self-tests.
        using var again = Qemu.Boot(image, Qemu.VhostUserArgs(socket));
        Assert.True(again.WaitForExit(150_000), again.Output);
        again.WaitForExit(5000);
        var entries = GuestImage.ParseProcCrypto(again.Output);
        Assert.Contains(entries, e => e.Driver == "virtio_crypto_aes_cbc" && e.Selftest == "passed");
        Assert.False(daemon.HasExited);
        Assert.Equal(0, daemon.Stop());
    }

    private static string Stats(Daemon daemon)
    {
        var length = daemon.Stdout.Length;
        daemon.Signal("USR1");
        var until = Environment.TickCount64 + 30000;
        while (Environment.TickCount64 < until && !daemon.Stdout[length..].Contains("notifications", StringComparison.Ordinal))
        {
            Thread.Sleep(10);
        }

        return daemon.Stdout[length..];
    }

    private static long Count(Daemon daemon, string name)
    {
        var match = System.Text.RegularExpressions.Regex.Match(Stats(daemon), name + @"\s+(\d+)");
        return match.Success ? long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }
}
