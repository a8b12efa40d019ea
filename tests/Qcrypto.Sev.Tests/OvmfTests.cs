using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Launch;
using Qcrypto.Sev.Ovmf;
using Qcrypto.Sev.Owner;
using Qcrypto.Sev.Tests.Support;

namespace Qcrypto.Sev.Tests;

/// <summary>
/// OVMF: the GUID table of Debian's real OVMF images (package ovmf: it lists the SEV secret and
/// hashes areas but with base 0 and size 0, not being an AmdSev build), a launch measuring the real
/// image as QEMU would LAUNCH_UPDATE it, and measured direct boot with the kernel hashes table on a
/// synthetic image that has the areas.
/// </summary>
public sealed class OvmfTests
{
    private const string DebianOvmf = "/usr/share/OVMF/OVMF_CODE.fd";

    private static byte[] RealOvmf()
    {
        Assert.True(File.Exists(DebianOvmf), $"{DebianOvmf} is missing: install the Debian package ovmf (apt-get install ovmf)");
        return File.ReadAllBytes(DebianOvmf);
    }

    [Fact]
    public void DebiansOvmfTableListsEmptySevAreas()
    {
        var table = OvmfGuidTable.Parse(RealOvmf());
        Assert.Null(table.Problem);
        Assert.Contains(table.Entries, e => e.Guid == OvmfGuids.SevInfoBlock);
        Assert.True(table.TryFindArea(OvmfGuids.SevSecret, out var secretBase, out var secretSize));
        Assert.Equal((0u, 0u), (secretBase, secretSize));
        Assert.True(table.TryFindArea(OvmfGuids.SevHashTable, out var hashBase, out var hashSize));
        Assert.Equal((0u, 0u), (hashBase, hashSize));
    }

    [Fact]
    public void TablesQemuSkips()
    {
        Assert.True(OvmfGuidTable.Parse(new byte[4095]).IsEmpty);
        Assert.True(OvmfGuidTable.Parse(SyntheticOvmf.Build(withTable: false)).IsEmpty);
        var image = SyntheticOvmf.Build();
        image[^50] = 0xFF; // the table length, far beyond the flash
        image[^49] = 0xFF;
        var broken = OvmfGuidTable.Parse(image);
        Assert.True(broken.IsEmpty);
        Assert.Equal("OVMF table has invalid size 65517", broken.Problem);
    }

    [Fact]
    public void TheRealOvmfMeasuredAsQemuUpdatesIt()
    {
        var firmware = RealOvmf();
        using var rig = new SevRig();
        using var session = rig.Session(0x1);
        using var psp = rig.Open();
        var launched = VmLaunch.Launch(psp, rig.Guest(0x1), firmware, null);
        Assert.Equal(SHA256.HashData(firmware), launched.LaunchDigest);
        Assert.Equal(0x1_0000_0000ul - (ulong)firmware.Length, launched.FlashBase);
        var inputs = new MeasurementInputs(launched.Info.ApiMajor, launched.Info.ApiMinor, launched.Info.BuildId, session.Policy, LaunchDigest.Compute(firmware));
        Assert.True(LaunchMeasurement.Verify(session.Keys.Tik, inputs, MeasurementBlob.Parse(launched.Measurement!)).Match);

        // Its secret area is empty: QEMU 7.2 would inject at address 0; we ask for the address.
        var packet = SecretPacket.Build(session.Keys, MeasurementBlob.Parse(launched.Measurement!).Measure, new byte[16]);
        var e = Assert.Throws<SevException>(() => VmLaunch.Inject(psp, launched.Info.Handle, packet.HeaderBase64, packet.SecretBase64, null));
        Assert.Equal("SEV: no secret area found in OVMF, gpa must be specified.", e.QemuMessage);
        Assert.Contains("not an AmdSev", e.Hint);
    }

    [Fact]
    public void KernelHashesOnDebiansOvmfAreRefusedAsQemuRefusesThem()
    {
        using var rig = new SevRig();
        using var session = rig.Session(0x1);
        using var psp = rig.Open();
        var kernel = new KernelBoot("fake vmlinuz\n"u8.ToArray(), [], "console=ttyS0"u8.ToArray());
        var e = Assert.Throws<SevException>(() => VmLaunch.Launch(psp, rig.Guest(0x1, extra: ",kernel-hashes=on"), RealOvmf(), kernel));
        Assert.Equal("SEV: guest firmware hashes table area is invalid (base=0x0 size=0x0)", e.QemuMessage);
        e = Assert.Throws<SevException>(() => VmLaunch.Launch(psp, rig.Guest(0x1, extra: ",kernel-hashes=on"), SyntheticOvmf.Build(withTable: false), kernel));
        Assert.Equal("SEV: kernel specified but guest firmware has no hashes table GUID", e.QemuMessage);
        e = Assert.Throws<SevException>(() => VmLaunch.Launch(psp, rig.Guest(0x1, extra: ",kernel-hashes=on"), SyntheticOvmf.Build(hashSize: 0xA0), kernel));
        Assert.Equal("SEV: guest firmware hashes table area is invalid (base=0x801000 size=0xa0)", e.QemuMessage);
        Assert.Empty(psp.GuestHandles());

        // kernel-hashes=off: the kernel is loaded unmeasured, the digest is the firmware's alone.
        var plain = VmLaunch.Launch(psp, rig.Guest(0x1), RealOvmf(), kernel);
        Assert.Equal(SHA256.HashData(RealOvmf()), plain.LaunchDigest);
    }

    [Fact]
    public void MeasuredDirectBoot()
    {
        var firmware = SyntheticOvmf.Build();
        var kernel = new KernelBoot(RandomNumberGenerator.GetBytes(5000), "fake initrd\n"u8.ToArray(), "foo bar baz fake kernel=cmdline"u8.ToArray());
        using var rig = new SevRig();
        using var session = rig.Session(0x1);
        using var psp = rig.Open();
        var launched = VmLaunch.Launch(psp, rig.Guest(0x1, extra: ",kernel-hashes=on"), firmware, kernel);
        var table = KernelHashTable.Build(kernel.Kernel, kernel.Initrd, kernel.Cmdline);
        Assert.Equal(LaunchDigest.Compute(firmware, table), launched.LaunchDigest);
        using var machine = SoftwareMachine.Open(psp, launched.Info.Handle);
        Assert.Equal(table, machine.Read(SyntheticOvmf.HashBase, table.Length));

        // The table, independently: sevctl's layout (cmdline with its NUL, initrd, kernel).
        var python = PyReference.Run([new JsonObject
        {
            ["op"] = "hashtable", ["kernel"] = PyReference.Hex(kernel.Kernel), ["initrd"] = PyReference.Hex(kernel.Initrd), ["cmdline"] = PyReference.Hex(kernel.Cmdline),
        }]);
        Assert.Equal(PyReference.Hex(table), (string)python[0]!["table"]!);
    }
}
