using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Qcrypto.Posix;
using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Firmware;
using Qcrypto.Sev.Interop;
using Qcrypto.Sev.Launch;
using Qcrypto.Sev.Tests.Support;

namespace Qcrypto.Sev.Tests;

/// <summary>
/// The /dev/sev + KVM path, as far as a machine without SEV lets it run: the ioctl numbers and
/// structure layouts checked against the kernel's own headers (compiled with gcc at test time), a
/// missing device failing with QEMU's message, the real ioctls refused by a device that is not the
/// SEV firmware, and KVM (when /dev/kvm exists) refusing the SEV commands.
/// </summary>
public sealed class LinuxInteropTests
{
    private const string Probe = """
        #include <stdio.h>
        #include <stddef.h>
        #include <linux/kvm.h>
        #include <linux/psp-sev.h>
        #define V(x) printf(#x "=%llu\n", (unsigned long long)(x))
        int main(void) {
          V(SEV_ISSUE_CMD); V(KVM_CREATE_VM); V(KVM_MEMORY_ENCRYPT_OP); V(KVM_MEMORY_ENCRYPT_REG_REGION);
          V(SEV_PLATFORM_STATUS); V(SEV_PDH_CERT_EXPORT); V(SEV_GET_ID2);
          V(KVM_SEV_INIT); V(KVM_SEV_ES_INIT); V(KVM_SEV_LAUNCH_START); V(KVM_SEV_LAUNCH_UPDATE_DATA); V(KVM_SEV_LAUNCH_SECRET);
          V(KVM_SEV_LAUNCH_MEASURE); V(KVM_SEV_LAUNCH_FINISH); V(KVM_SEV_GUEST_STATUS);
          V(sizeof(struct sev_issue_cmd)); V(offsetof(struct sev_issue_cmd, data)); V(offsetof(struct sev_issue_cmd, error));
          V(sizeof(struct sev_user_data_status)); V(offsetof(struct sev_user_data_status, flags)); V(offsetof(struct sev_user_data_status, build));
          V(offsetof(struct sev_user_data_status, guest_count)); V(SEV_STATUS_FLAGS_CONFIG_ES);
          V(sizeof(struct sev_user_data_pdh_cert_export)); V(offsetof(struct sev_user_data_pdh_cert_export, cert_chain_address));
          V(offsetof(struct sev_user_data_pdh_cert_export, cert_chain_len)); V(sizeof(struct sev_user_data_get_id2));
          V(sizeof(struct kvm_sev_cmd)); V(offsetof(struct kvm_sev_cmd, data)); V(offsetof(struct kvm_sev_cmd, error)); V(offsetof(struct kvm_sev_cmd, sev_fd));
          V(sizeof(struct kvm_sev_launch_start)); V(offsetof(struct kvm_sev_launch_start, dh_uaddr)); V(offsetof(struct kvm_sev_launch_start, dh_len));
          V(offsetof(struct kvm_sev_launch_start, session_uaddr)); V(offsetof(struct kvm_sev_launch_start, session_len));
          V(sizeof(struct kvm_sev_launch_update_data)); V(sizeof(struct kvm_sev_launch_measure));
          V(sizeof(struct kvm_sev_launch_secret)); V(offsetof(struct kvm_sev_launch_secret, guest_uaddr)); V(offsetof(struct kvm_sev_launch_secret, guest_len));
          V(offsetof(struct kvm_sev_launch_secret, trans_uaddr)); V(offsetof(struct kvm_sev_launch_secret, trans_len));
          V(sizeof(struct kvm_sev_guest_status)); V(sizeof(struct kvm_enc_region));
          return 0;
        }
        """;

    [Fact]
    public void OurAbiIsTheKernelHeaders()
    {
        using var dir = new TempDir();
        var source = dir.Write("probe.c", Probe);
        Assert.True(File.Exists("/usr/bin/gcc"), "gcc is not installed: install the Debian packages gcc and linux-libc-dev");
        Run("/usr/bin/gcc", "-o", dir.File("probe"), source);
        var values = Run(dir.File("probe")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split('=')).ToDictionary(p => p[0], p => ulong.Parse(p[1], System.Globalization.CultureInfo.InvariantCulture));

        var ours = new Dictionary<string, ulong>
        {
            ["SEV_ISSUE_CMD"] = SevDeviceAbi.SEV_ISSUE_CMD, ["KVM_CREATE_VM"] = KvmSevAbi.KVM_CREATE_VM,
            ["KVM_MEMORY_ENCRYPT_OP"] = KvmSevAbi.KVM_MEMORY_ENCRYPT_OP, ["KVM_MEMORY_ENCRYPT_REG_REGION"] = KvmSevAbi.KVM_MEMORY_ENCRYPT_REG_REGION,
            ["SEV_PLATFORM_STATUS"] = SevDeviceAbi.SEV_PLATFORM_STATUS, ["SEV_PDH_CERT_EXPORT"] = SevDeviceAbi.SEV_PDH_CERT_EXPORT, ["SEV_GET_ID2"] = SevDeviceAbi.SEV_GET_ID2,
            ["KVM_SEV_INIT"] = KvmSevAbi.KVM_SEV_INIT, ["KVM_SEV_ES_INIT"] = KvmSevAbi.KVM_SEV_ES_INIT, ["KVM_SEV_LAUNCH_START"] = KvmSevAbi.KVM_SEV_LAUNCH_START,
            ["KVM_SEV_LAUNCH_UPDATE_DATA"] = KvmSevAbi.KVM_SEV_LAUNCH_UPDATE_DATA, ["KVM_SEV_LAUNCH_SECRET"] = KvmSevAbi.KVM_SEV_LAUNCH_SECRET,
            ["KVM_SEV_LAUNCH_MEASURE"] = KvmSevAbi.KVM_SEV_LAUNCH_MEASURE, ["KVM_SEV_LAUNCH_FINISH"] = KvmSevAbi.KVM_SEV_LAUNCH_FINISH,
            ["KVM_SEV_GUEST_STATUS"] = KvmSevAbi.KVM_SEV_GUEST_STATUS,
            ["sizeof(struct sev_issue_cmd)"] = Size<SevDeviceAbi.IssueCmd>(), ["offsetof(struct sev_issue_cmd, data)"] = Offset<SevDeviceAbi.IssueCmd>("Data"), ["offsetof(struct sev_issue_cmd, error)"] = Offset<SevDeviceAbi.IssueCmd>("Error"),
            ["sizeof(struct sev_user_data_status)"] = Size<SevDeviceAbi.Status>(), ["offsetof(struct sev_user_data_status, flags)"] = Offset<SevDeviceAbi.Status>("Flags"),
            ["offsetof(struct sev_user_data_status, build)"] = Offset<SevDeviceAbi.Status>("Build"), ["offsetof(struct sev_user_data_status, guest_count)"] = Offset<SevDeviceAbi.Status>("GuestCount"),
            ["SEV_STATUS_FLAGS_CONFIG_ES"] = SevDeviceAbi.StatusFlagsConfigEs,
            ["sizeof(struct sev_user_data_pdh_cert_export)"] = Size<SevDeviceAbi.PdhCertExport>(),
            ["offsetof(struct sev_user_data_pdh_cert_export, cert_chain_address)"] = Offset<SevDeviceAbi.PdhCertExport>("CertChainAddress"), ["offsetof(struct sev_user_data_pdh_cert_export, cert_chain_len)"] = Offset<SevDeviceAbi.PdhCertExport>("CertChainLength"),
            ["sizeof(struct sev_user_data_get_id2)"] = Size<SevDeviceAbi.GetId2>(),
            ["sizeof(struct kvm_sev_cmd)"] = Size<KvmSevAbi.Cmd>(), ["offsetof(struct kvm_sev_cmd, data)"] = Offset<KvmSevAbi.Cmd>("Data"), ["offsetof(struct kvm_sev_cmd, error)"] = Offset<KvmSevAbi.Cmd>("Error"),
            ["offsetof(struct kvm_sev_cmd, sev_fd)"] = Offset<KvmSevAbi.Cmd>("SevFd"),
            ["sizeof(struct kvm_sev_launch_start)"] = Size<KvmSevAbi.LaunchStart>(), ["offsetof(struct kvm_sev_launch_start, dh_uaddr)"] = Offset<KvmSevAbi.LaunchStart>("DhUaddr"),
            ["offsetof(struct kvm_sev_launch_start, dh_len)"] = Offset<KvmSevAbi.LaunchStart>("DhLen"), ["offsetof(struct kvm_sev_launch_start, session_uaddr)"] = Offset<KvmSevAbi.LaunchStart>("SessionUaddr"),
            ["offsetof(struct kvm_sev_launch_start, session_len)"] = Offset<KvmSevAbi.LaunchStart>("SessionLen"),
            ["sizeof(struct kvm_sev_launch_update_data)"] = Size<KvmSevAbi.Buffer>(), ["sizeof(struct kvm_sev_launch_measure)"] = Size<KvmSevAbi.Buffer>(),
            ["sizeof(struct kvm_sev_launch_secret)"] = Size<KvmSevAbi.LaunchSecret>(), ["offsetof(struct kvm_sev_launch_secret, guest_uaddr)"] = Offset<KvmSevAbi.LaunchSecret>("GuestUaddr"),
            ["offsetof(struct kvm_sev_launch_secret, guest_len)"] = Offset<KvmSevAbi.LaunchSecret>("GuestLen"), ["offsetof(struct kvm_sev_launch_secret, trans_uaddr)"] = Offset<KvmSevAbi.LaunchSecret>("TransUaddr"),
            ["offsetof(struct kvm_sev_launch_secret, trans_len)"] = Offset<KvmSevAbi.LaunchSecret>("TransLen"),
            ["sizeof(struct kvm_sev_guest_status)"] = Size<KvmSevAbi.GuestStatus>(), ["sizeof(struct kvm_enc_region)"] = Size<KvmSevAbi.EncRegion>(),
        };
        Assert.Equal(values.Count, ours.Count);
        foreach (var (name, value) in values)
        {
            Assert.True(ours[name] == value, $"{name}: the kernel says {value}, we say {ours[name]}");
        }
    }

    [Fact]
    public void AMissingDeviceFailsWithQemusMessage()
    {
        using var rig = new SevRig();
        var host = new LinuxSevHost();
        var guest = rig.GuestLine($"sev-guest,id=s,cbitpos={host.CbitPosition},reduced-phys-bits=1,sev-device={rig.Dir.File("no-sev")}");
        var e = Assert.Throws<SevException>(() => SevLaunch.Init(guest, host));
        Assert.Equal($"sev_kvm_init: Failed to open {rig.Dir.File("no-sev")} 'No such file or directory'", e.QemuMessage);
        Assert.Equal(SevErrorCodes.Device, e.Code);
        Assert.Contains("software platform", e.Hint);
    }

    [Fact]
    public void TheRealIoctlsOnADeviceThatIsNotSev()
    {
        // /dev/null takes the ioctl and refuses it: the path through SEV_ISSUE_CMD runs for real.
        using var rig = new SevRig();
        var host = new LinuxSevHost();
        var guest = rig.GuestLine($"sev-guest,id=s,cbitpos={host.CbitPosition},reduced-phys-bits=1,sev-device=/dev/null");
        var e = Assert.Throws<SevException>(() => SevLaunch.Init(guest, host));
        Assert.Equal("sev_kvm_init: failed to get platform status ret=-1 fw_error='0: '", e.QemuMessage);

        using var platform = host.Open("/dev/null", out var errno)!;
        Assert.Equal(0, errno);
        uint pdh = 0, chain = 0;
        var r = platform.PdhCertExport([], ref pdh, [], ref chain);
        Assert.Equal((false, -1, 0, Errno.ENOTTY), (r.Ok, r.Ret, r.FwError, r.Errno));
        var capabilities = Assert.Throws<SevException>(() => SevLaunch.QueryCapabilities(platform, host));
        Assert.Equal("SEV: Failed to export PDH cert ret=-1 fw_err=0 ()", capabilities.QemuMessage);
    }

    [Fact]
    public void KvmWithoutSevRefusesTheGuestCommands()
    {
        var host = new LinuxSevHost();
        using var platform = (LinuxSevPlatform)host.Open("/dev/null", out _)!;
        Assert.Equal(SevResult.Os(Errno.EBADF), platform.LaunchFinish(1));
        var r = platform.InitGuest(encryptedState: false);
        Assert.False(r.Ok);
        Assert.Equal(0, r.FwError);
        if (!File.Exists("/dev/kvm"))
        {
            Assert.Equal(Errno.ENOENT, r.Errno);
        }
        else
        {
            // KVM_CREATE_VM, then KVM_MEMORY_ENCRYPT_OP(KVM_SEV_INIT): no SEV here (ENOTTY, or EINVAL when the VM type is refused).
            Assert.Contains(r.Errno, new[] { Errno.ENOTTY, Errno.EINVAL, Errno.ENXIO, Errno.EIO, Errno.ENODEV, Errno.EACCES });
        }

        Assert.Throws<SevException>(() => platform.Map(0, 16));
    }

    private static ulong Size<T>() where T : unmanaged => (ulong)Unsafe.SizeOf<T>();

    private static ulong Offset<T>(string field) where T : unmanaged => (ulong)Marshal.OffsetOf<T>(field);

    private static string Run(string file, params string[] args)
    {
        var info = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        args.ToList().ForEach(info.ArgumentList.Add);
        using var p = Process.Start(info)!;
        var output = p.StandardOutput.ReadToEnd();
        var err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.True(p.ExitCode == 0, $"{file} failed: {err}");
        return output;
    }
}
