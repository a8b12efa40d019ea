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
