using Qcrypto.Posix;
using Qcrypto.Sev.Certificates;
using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Firmware;
using Qcrypto.Sev.Interop;
using Qcrypto.Sev.Software;
using Qcrypto.Sev.Tests.Support;

namespace Qcrypto.Sev.Tests;

/// <summary>
/// The software platform itself: its files (sev-tool's names, private keys 0600), PLATFORM_STATUS,
/// PDH_CERT_EXPORT and GET_ID with their length queries, the chain it exports, refusing key files
/// others can read, and one user at a time.
/// </summary>
public sealed class PlatformTests
{
    [Fact]
    public void InitWritesSevToolsFilesAndPrivateKeys()
    {
        using var dir = new TempDir();
        var written = SoftwarePsp.Create(dir.File("p"));
        foreach (var name in new[] { "pdh.cert", "pek.cert", "oca.cert", "cek.cert" })
        {
            Assert.Equal(SevSizes.Certificate, new FileInfo(dir.File("p/" + name)).Length);
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, File.GetUnixFileMode(dir.File("p/" + name)));
        }

        Assert.Equal(SevSizes.CertificateChain, new FileInfo(dir.File("p/cert_chain.cert")).Length);
        foreach (var key in new[] { "oca", "cek", "pek", "pdh", "ask" })
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(dir.File($"p/{key}.key")));
        }

        Assert.Contains(dir.File("p/cert_chain.cert"), written);
        var chain = SevCertificateChain.Parse(File.ReadAllBytes(dir.File("p/cert_chain.cert")));
        var pdh = SevCertificate.Parse(File.ReadAllBytes(dir.File("p/pdh.cert")));
        chain.VerifyPdh(pdh);
        Assert.Equal((SevKeyUsage.Pdh, SevAlgorithm.EcdhSha256, (byte)0, (byte)24), (pdh.Usage, pdh.Algorithm, pdh.ApiMajor, pdh.ApiMinor));
        Assert.Equal(File.ReadAllBytes(dir.File("p/pek.cert")), chain.Pek.ToArray());

        var again = Assert.Throws<SevException>(() => SoftwarePsp.Create(dir.File("p")));
        Assert.Contains("already holds a software SEV platform", again.QemuMessage);
    }

    [Fact]
    public void StatusExportAndIdWithLengthQueries()
    {
        using var rig = new SevRig();
        using var psp = rig.Open();
        Assert.True(psp.PlatformStatus(out var idle).Ok);
        Assert.Equal(new PlatformStatus(0, 24, SevPlatformState.Init, false, false, 15, 0), idle);

        uint pdhLength = 0, chainLength = 0;
        var r = psp.PdhCertExport([], ref pdhLength, [], ref chainLength);
        Assert.Equal((SevStatus.InvalidLength, 2084u, 6252u), (r.Status, pdhLength, chainLength));
        var pdh = new byte[pdhLength];
        var chain = new byte[chainLength];
        Assert.True(psp.PdhCertExport(pdh, ref pdhLength, chain, ref chainLength).Ok);
        Assert.Equal(rig.Pdh.ToArray(), pdh);
        Assert.Equal(rig.Chain, chain);

        uint idLength = 0;
        Assert.Equal(SevStatus.InvalidLength, psp.GetId([], ref idLength).Status);
        Assert.Equal(64u, idLength);
        Assert.True(psp.GetId(new byte[64], ref idLength).Ok);

        uint handle = 0;
        Assert.True(psp.LaunchStart(ref handle, 1, SevBuffer.None, SevBuffer.None).Ok);
        Assert.True(psp.PlatformStatus(out var busy).Ok);
        Assert.Equal((SevPlatformState.Working, 1u), (busy.State, busy.GuestCount));

        var es = psp.InitGuest(encryptedState: true);
        Assert.Equal((false, 0, Errno.ENOTTY), (es.Ok, es.FwError, es.Errno));
        Assert.True(psp.InitGuest(encryptedState: false).Ok);
    }

    [Fact]
    public void KeyFilesOthersCanReadAreRefusedUnlessAllowed()
    {
        using var rig = new SevRig();
        var key = Path.Combine(rig.PlatformDir, "pdh.key");
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var e = Assert.Throws<SevException>(() => SoftwarePsp.Open(rig.PlatformDir));
        Assert.Equal(SevErrorCodes.KeyFilePermissions, e.Code);
        Assert.Equal($"Refusing to read platform key {key}: it is readable by other users (mode 0604)", e.QemuMessage);
        Assert.Contains("chmod 600", e.Hint);
        using var psp = SoftwarePsp.Open(rig.PlatformDir, allowWorldReadableKeys: true);
        Assert.True(psp.PlatformStatus(out _).Ok);
    }

    [Fact]
    public void NotAPlatformAndDamagedState()
    {
        using var dir = new TempDir();
        var e = Assert.Throws<SevException>(() => SoftwarePsp.Open(dir.Path));
        Assert.Equal($"{dir.Path} is not a software SEV platform (no platform.json)", e.QemuMessage);

        using var rig = new SevRig();
        File.WriteAllText(Path.Combine(rig.PlatformDir, "platform.json"), "{\"format\":\"other\"}");
        e = Assert.Throws<SevException>(() => SoftwarePsp.Open(rig.PlatformDir));
        Assert.Contains("is not a valid software SEV platform state file", e.QemuMessage);
    }

    [Fact]
    public async Task OneUserAtATime()
    {
        using var rig = new SevRig();
        var first = rig.Open();
        var second = Task.Run(rig.Open, TestContext.Current.CancellationToken);
        var early = await Task.WhenAny(second, Task.Delay(500, TestContext.Current.CancellationToken));
        Assert.NotSame(second, early);
        first.Dispose();
        using var opened = await second.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.True(opened.PlatformStatus(out _).Ok);
    }
}
