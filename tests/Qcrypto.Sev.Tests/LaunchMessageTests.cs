using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Firmware;
using Qcrypto.Sev.Launch;
using Qcrypto.Sev.Owner;
using Qcrypto.Sev.Software;
using Qcrypto.Sev.Tests.Support;

namespace Qcrypto.Sev.Tests;

/// <summary>
/// The VMM side (QEMU 7.2's sev.c) on a software platform: sev_kvm_init's checks and messages,
/// LAUNCH_START failures as QEMU reports them (ret=1, then "failed to create encryption context"),
/// pflash sizes, the measurement's availability, and sev-inject-launch-secret's messages. A failed
/// launch leaves no guest on the platform.
/// </summary>
public sealed class LaunchMessageTests
{
    private static readonly byte[] Firmware = SyntheticOvmf.Build();

    private static SevException Fails(SevRig rig, SevGuestArgs args, byte[]? firmware = null)
    {
        using var psp = rig.Open();
        var e = Assert.Throws<SevException>(() => VmLaunch.Launch(psp, rig.GuestLine(args.Line(rig)), firmware ?? Firmware, null));
        Assert.Empty(psp.GuestHandles());
        return e;
    }

    private sealed record SevGuestArgs(string Extra, uint Policy = 1)
    {
        public string Line(SevRig rig) =>
            $"sev-guest,id=sev0,policy={Policy},dh-cert-file={rig.Dir.File("godh.b64")},session-file={rig.Dir.File("session.b64")}{Extra}";
    }

    [Fact]
    public void HostChecksComeFirst()
    {
        using var rig = new SevRig();
        using var session = rig.Session(1);
        Assert.Equal("sev_kvm_init: cbitpos check failed, host '47' requested '51'", Fails(rig, new(",cbitpos=51,reduced-phys-bits=1")).QemuMessage);
        Assert.Equal("sev_kvm_init: reduced_phys_bits check failed, it should be >=1, requested '0'", Fails(rig, new(",cbitpos=47,reduced-phys-bits=0")).QemuMessage);
        Assert.Equal("sev_kvm_init: guest policy requires SEV-ES, but host SEV-ES support unavailable",
            Fails(rig, new(",cbitpos=47,reduced-phys-bits=1", Policy: 5)).QemuMessage);
    }

    [Fact]
    public void FilesQemuCannotRead()
    {
        using var rig = new SevRig();
        var e = Fails(rig, new(",cbitpos=47,reduced-phys-bits=1"));
        Assert.Equal("sev_kvm_init: failed to create encryption context", e.QemuMessage);
        Assert.Equal([$"SEV: Failed to read '{rig.Dir.File("session.b64")}' (Failed to open file “{rig.Dir.File("session.b64")}”: No such file or directory)"], e.Reports);
    }

    [Fact]
    public void LaunchStartRefusalsAsQemuReportsThem()
    {
        using var rig = new SevRig();
        using var session = rig.Session(1);
        var e = Fails(rig, new(",cbitpos=47,reduced-phys-bits=1", Policy: 3));
        Assert.Equal(["sev_launch_start: LAUNCH_START ret=1 fw_error=11 'Bad measurement'"], e.Reports);
        Assert.Equal("sev_kvm_init: failed to create encryption context", e.QemuMessage);
        Assert.Equal((SevStatus.BadMeasurement, "sev-bad-measurement"), (e.Status, e.Code));
        Assert.Contains("policy", e.Hint);

        // A raw (not base64) certificate: glib's decoding stops at its first NUL byte, KVM refuses the empty buffer.
        File.WriteAllBytes(rig.Dir.File("godh.b64"), session.Godh.ToArray());
        e = Fails(rig, new(",cbitpos=47,reduced-phys-bits=1"));
        Assert.Equal(["sev_launch_start: LAUNCH_START ret=1 fw_error=0 ''"], e.Reports);

        // Base64 of a truncated certificate: the firmware gets the wrong size.
        File.WriteAllText(rig.Dir.File("godh.b64"), Convert.ToBase64String(session.Godh.Bytes[..2000]));
        e = Fails(rig, new(",cbitpos=47,reduced-phys-bits=1"));
        Assert.Equal(["sev_launch_start: LAUNCH_START ret=1 fw_error=4 'Buffer too small'"], e.Reports);
    }

    [Fact]
    public void SizeWarningsReachTheLaunch()
    {
        using var rig = new SevRig();
        using var session = rig.Session(1);
        File.WriteAllText(rig.Dir.File("session.b64"), Convert.ToBase64String(session.Godh.Bytes));
        File.WriteAllText(rig.Dir.File("godh.b64"), Convert.ToBase64String(session.Session));
        using var psp = rig.Open();
        var guest = rig.GuestLine(new SevGuestArgs(",cbitpos=47,reduced-phys-bits=1").Line(rig));
        Assert.Equal(["sev-dh-cert-file-size", "sev-session-file-size"], guest.Warnings.Select(w => w.Code).Order());
        Assert.All(guest.Warnings, w => Assert.Contains("swapped", w.Hint));
        Assert.Throws<SevException>(() => VmLaunch.Launch(psp, guest, Firmware, null));
    }

    [Theory]
    [InlineData(5000, 5120)]
    [InlineData(0, 0)]
    [InlineData(4096 + 512, 4608)]
    public void PflashSizesQemuRefuses(int length, int reported)
    {
        using var rig = new SevRig();
        using var session = rig.Session(1);
        var e = Fails(rig, new(",cbitpos=47,reduced-phys-bits=1"), new byte[length]);
        Assert.Equal($"system firmware block device pflash0 has invalid size {reported}", e.QemuMessage);
    }

    [Fact]
    public void InjectionMessages()
    {
        using var rig = new SevRig();
        using var session = rig.Session(1);
        uint handle;
        string measurement;
        using (var psp = rig.Open())
        {
            var outcome = VmLaunch.Launch(psp, rig.Guest(1), SyntheticOvmf.Build(secretBase: 0, secretSize: 0), null);
            (handle, measurement) = (outcome.Info.Handle, outcome.Measurement!);
        }

        var packet = SecretPacket.Build(session.Keys, MeasurementBlob.Parse(measurement).Measure, new byte[32]);
        void Inject(string expected, string header, string secret, ulong? gpa)
        {
            using var psp = rig.Open();
            var e = Record.Exception(() => VmLaunch.Inject(psp, handle, header, secret, gpa));
            Assert.True(e is SevException, $"expected '{expected}', got {e?.GetType().Name ?? "success"}");
            Assert.Equal(expected, ((SevException)e!).QemuMessage);
            Assert.DoesNotContain(Convert.ToHexString(session.Keys.Tek), e.ToString(), StringComparison.OrdinalIgnoreCase);
        }

        Inject("SEV: no secret area found in OVMF, gpa must be specified.", packet.HeaderBase64, packet.SecretBase64, null);
        Inject("SEV: Failed to decode sequence header", "!!!", packet.SecretBase64, 0x1000);
        Inject("SEV: Failed to decode data", packet.HeaderBase64, "", 0x1000);
        Inject("SEV: Failed to calculate guest address: No memory is mapped at address 0x10000000", packet.HeaderBase64, packet.SecretBase64, 0x1000_0000);
        Inject("SEV: Failed to calculate guest address: Size of memory region at 0x7fffff0 exceeded.", packet.HeaderBase64, packet.SecretBase64, 0x7FF_FFF0);
        Inject("SEV: failed to inject secret ret=-1 fw_error=9 'Invalid address'", packet.HeaderBase64, packet.SecretBase64, 0x1008);
        var other = SecretPacket.Build(session.Keys, new byte[32], new byte[32]);
        Inject("SEV: failed to inject secret ret=-1 fw_error=11 'Bad measurement'", other.HeaderBase64, other.SecretBase64, 0x1000);
        using (var psp = rig.Open())
        {
            var e = Assert.Throws<SevException>(() => VmLaunch.Inject(psp, handle + 1, packet.HeaderBase64, packet.SecretBase64, 0x1000));
            Assert.Equal($"no VM with handle {handle + 1} on the software platform {rig.PlatformDir}", e.QemuMessage);
        }
    }

    [Theory]
    [InlineData(SevSizes.Certificate + 1, "sev_launch_start: LAUNCH_START ret=1 fw_error=4 'Buffer too small'")]
    [InlineData(20000, "sev_launch_start: LAUNCH_START ret=1 fw_error=0 ''")]
    public void OversizedBase64Files(int length, string report)
    {
        using var rig = new SevRig();
        using var session = rig.Session(1);
        File.WriteAllText(rig.Dir.File("godh.b64"), Convert.ToBase64String([.. session.Godh.Bytes, .. new byte[length - SevSizes.Certificate]]));
        var e = Fails(rig, new(",cbitpos=47,reduced-phys-bits=1"));
        Assert.Equal([report], e.Reports);
    }

    [Fact]
    public void ARefusedSecretLeavesGuestMemoryAsItWas()
    {
        using var rig = new SevRig();
        using var session = rig.Session(1);
        using var psp = rig.Open();
        var launched = VmLaunch.Launch(psp, rig.Guest(1), SyntheticOvmf.Build(), null);
        var measure = MeasurementBlob.Parse(launched.Measurement!).Measure;
        var secret = Enumerable.Repeat((byte)0x5A, 64).ToArray();
        var packet = SecretPacket.Build(session.Keys, measure, secret);
        var tampered = Convert.FromBase64String(packet.SecretBase64);
        tampered[^1] ^= 1;
        var e = Assert.Throws<SevException>(() => VmLaunch.Inject(psp, launched.Info.Handle, packet.HeaderBase64, Convert.ToBase64String(tampered), null));
        Assert.Equal(SevStatus.BadMeasurement, e.Status);
        using (var machine = SoftwareMachine.Open(psp, launched.Info.Handle))
        {
            Assert.Equal(new byte[64], machine.Read(SyntheticOvmf.SecretBase, 64));
        }

        Assert.Equal(secret, VmLaunch.Inject(psp, launched.Info.Handle, packet.HeaderBase64, packet.SecretBase64, null).GuestMemory);
    }

    [Fact]
    public void AMachineWithoutSev()
    {
        Assert.Equal(new SevInfo(false, 0, 0, 0, 0, SevState.Uninit, 0), SevQmp.QuerySev(null));
        Assert.Equal("SEV launch measurement is not available", Assert.Throws<SevException>(() => SevQmp.QueryLaunchMeasure(null)).QemuMessage);
        Assert.Equal("SEV not enabled for guest",
            Assert.Throws<SevException>(() => SevQmp.InjectLaunchSecret(null, "AAAA", "AAAA", 0, Qcrypto.Sev.Ovmf.OvmfGuidTable.Empty, null!)).QemuMessage);
        if (!File.Exists("/dev/sev"))
        {
            Assert.Equal("SEV: Failed to open /dev/sev: No such file or directory",
                Assert.Throws<SevException>(() => SevQmp.QueryCapabilities(new Qcrypto.Sev.Interop.LinuxSevHost())).QemuMessage);
        }
    }

    [Fact]
    public void AttachingToAnUnknownGuest()
    {
        using var rig = new SevRig();
        using var psp = rig.Open();
        var e = Assert.Throws<SevException>(() => SevLaunch.Attach(psp, 42, false, null));
        Assert.Equal("SEV: GUEST_STATUS ret=-1 fw_error=16 'Guest handle is invalid'", e.QemuMessage);
    }

    [Fact]
    public void MeasurementNotAvailableBeforeTheMachineIsDone()
    {
        using var rig = new SevRig();
        using var session = rig.Session(1);
        using var psp = rig.Open();
        var launch = SevLaunch.Init(rig.Guest(1), psp);
        Assert.Equal(SevState.LaunchUpdate, launch.State);
        Assert.Equal("SEV launch measurement is not available", Assert.Throws<SevException>(launch.QueryLaunchMeasure).QemuMessage);
        var e = Assert.Throws<SevException>(() => launch.InjectLaunchSecret("AAAA", "AAAA", 0, null!));
        Assert.Equal("SEV: Not in correct state. (LSECRET) 1", e.QemuMessage);
        var misaligned = Assert.Throws<SevException>(() => launch.EncryptFlash(0xFFFF_0000, new byte[15]));
        Assert.Equal("SEV: Failed to encrypt pflash rom", misaligned.QemuMessage);
        Assert.Equal(["sev_launch_update_data: LAUNCH_UPDATE ret=-1 fw_error=4 'Buffer too small'"], misaligned.Reports);
        Assert.True(psp.Decommission(launch.Handle).Ok);
    }
}
