using System.Runtime.InteropServices;
using Qcrypto.Posix;
using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Firmware;
using Qcrypto.Sev.Launch;
using static Qcrypto.Sev.Interop.KvmSevAbi;
using static Qcrypto.Sev.Interop.SevDeviceAbi;

namespace Qcrypto.Sev.Interop;

/// <summary>
/// The real firmware through Linux: platform commands as SEV_ISSUE_CMD on the SEV device, guest
/// commands as KVM_MEMORY_ENCRYPT_OP on a KVM VM made for the launch, with guest RAM (QEMU's default
/// 128 MiB) allocated here and registered as encrypted memory. One guest per instance: the VM, and
/// with it the guest, goes away on dispose.
/// </summary>
public sealed unsafe class LinuxSevPlatform : ISevPlatform, IGuestMemory
{
    private const string KvmDevice = "/dev/kvm";
    private const int ReadWrite = 2; // O_RDWR
    private const nuint PageSize = 4096;

    private readonly int _sevFd;
    private int _kvmFd = -1;
    private int _vmFd = -1;
    private byte* _ram;

    internal LinuxSevPlatform(string device, int sevFd)
    {
        Name = device;
        _sevFd = sevFd;
    }

    public string Name { get; }

    public SevResult PlatformStatus(out PlatformStatus status)
    {
        Status s = default;
        var r = Issue(SEV_PLATFORM_STATUS, &s);
        status = new PlatformStatus(s.ApiMajor, s.ApiMinor, (SevPlatformState)s.State, (s.Flags & StatusFlagsOwner) != 0,
            (s.Flags & StatusFlagsConfigEs) != 0, s.Build, s.GuestCount);
        return r;
    }

    public SevResult PdhCertExport(Span<byte> pdh, ref uint pdhLength, Span<byte> chain, ref uint chainLength)
    {
        fixed (byte* p = pdh, c = chain)
        {
            var export = new SevDeviceAbi.PdhCertExport
            {
                PdhCertAddress = pdh.IsEmpty ? 0 : (ulong)p,
                PdhCertLength = pdhLength,
                CertChainAddress = chain.IsEmpty ? 0 : (ulong)c,
                CertChainLength = chainLength,
            };
            var r = Issue(SEV_PDH_CERT_EXPORT, &export);
            pdhLength = export.PdhCertLength;
            chainLength = export.CertChainLength;
            return r;
        }
    }

    public SevResult GetId(Span<byte> id, ref uint length)
    {
        fixed (byte* p = id)
        {
            var request = new GetId2 { Address = id.IsEmpty ? 0 : (ulong)p, Length = length };
            var r = Issue(SEV_GET_ID2, &request);
            length = request.Length;
            return r;
        }
    }

    /// <summary>KVM_CREATE_VM, KVM_SEV_INIT (or ES_INIT), and the RAM registered as encrypted memory.</summary>
    public SevResult InitGuest(bool encryptedState)
    {
        var errno = PosixFile.Open(KvmDevice, ReadWrite | PosixFile.CloseOnExec, 0, out _kvmFd);
        if (errno != 0)
        {
            return SevResult.Os(errno);
        }

        _vmFd = Libc.Ioctl(_kvmFd, KVM_CREATE_VM, null, out errno);
        if (_vmFd < 0)
        {
            return SevResult.Os(errno);
        }

        var r = Guest(encryptedState ? KVM_SEV_ES_INIT : KVM_SEV_INIT, null);
        if (!r.Ok)
        {
            return r;
        }

        _ram = (byte*)NativeMemory.AlignedAlloc((nuint)SoftwareMachine.RamSize, PageSize);
        var region = new EncRegion { Addr = (ulong)_ram, Size = (ulong)SoftwareMachine.RamSize };
        return Libc.Ioctl(_vmFd, KVM_MEMORY_ENCRYPT_REG_REGION, &region, out errno) < 0 ? SevResult.Os(errno) : SevResult.Success;
    }

    public SevResult LaunchStart(ref uint handle, uint policy, SevBuffer dhCertificate, SevBuffer session)
    {
        // A buffer given empty still has an address (glib's g_malloc0(1)), which the kernel then refuses.
        byte empty = 0;
        fixed (byte* d = dhCertificate.Bytes, s = session.Bytes)
        {
            var start = new KvmSevAbi.LaunchStart
            {
                Handle = handle,
                Policy = policy,
                DhUaddr = !dhCertificate.IsGiven ? 0 : dhCertificate.Length == 0 ? (ulong)&empty : (ulong)d,
                DhLen = (uint)dhCertificate.Length,
                SessionUaddr = !session.IsGiven ? 0 : session.Length == 0 ? (ulong)&empty : (ulong)s,
                SessionLen = (uint)session.Length,
            };
            var r = Guest(KVM_SEV_LAUNCH_START, &start);
            handle = start.Handle;
            return r;
        }
    }

    public SevResult LaunchUpdateData(uint handle, ulong address, Span<byte> data)
    {
        fixed (byte* p = data)
        {
            var update = new KvmSevAbi.Buffer { Uaddr = (ulong)p, Len = (uint)data.Length };
            return Guest(KVM_SEV_LAUNCH_UPDATE_DATA, &update);
        }
    }

    public SevResult LaunchMeasure(uint handle, Span<byte> measurement, ref uint length)
    {
        fixed (byte* p = measurement)
        {
            var measure = new KvmSevAbi.Buffer { Uaddr = measurement.IsEmpty ? 0 : (ulong)p, Len = length };
            var r = Guest(KVM_SEV_LAUNCH_MEASURE, &measure);
            length = measure.Len;
            return r;
        }
    }

    public SevResult LaunchSecret(uint handle, ReadOnlySpan<byte> header, ulong address, Span<byte> guest, ReadOnlySpan<byte> transport)
    {
        fixed (byte* h = header, g = guest, t = transport)
        {
            var secret = new KvmSevAbi.LaunchSecret
            {
                HdrUaddr = (ulong)h, HdrLen = (uint)header.Length,
                GuestUaddr = (ulong)g, GuestLen = (uint)guest.Length,
                TransUaddr = (ulong)t, TransLen = (uint)transport.Length,
            };
            return Guest(KVM_SEV_LAUNCH_SECRET, &secret);
        }
    }

    public SevResult LaunchFinish(uint handle) => Guest(KVM_SEV_LAUNCH_FINISH, null);

    public SevResult GuestStatus(uint handle, out Firmware.GuestStatus status)
    {
        var s = default(KvmSevAbi.GuestStatus);
        var r = Guest(KVM_SEV_GUEST_STATUS, &s);
        status = new Firmware.GuestStatus(s.Handle, s.Policy, 0, (SevGuestState)s.State);
        return r;
    }

    /// <summary>The VM is closed, and the kernel decommissions its guest.</summary>
    public SevResult Decommission(uint handle)
    {
        CloseVm();
        return SevResult.Success;
    }

    /// <summary>Guest RAM is this process's memory: regions are written in place.</summary>
    public GuestRegion Map(ulong address, int length)
    {
        if (_ram is null || address >= (ulong)SoftwareMachine.RamSize)
        {
            throw new SevException(SevErrorCodes.GuestAddress, $"No memory is mapped at address 0x{address:x}");
        }

        if (address + (ulong)length > (ulong)SoftwareMachine.RamSize)
        {
            throw new SevException(SevErrorCodes.GuestAddress, $"Size of memory region at 0x{address:x} exceeded.");
        }

        return new RamRegion(address, _ram + address, length);
    }

    public void Dispose()
    {
        CloseVm();
        PosixFile.Close(_sevFd);
    }

    private void CloseVm()
    {
        if (_vmFd >= 0)
        {
            PosixFile.Close(_vmFd);
            _vmFd = -1;
        }

        if (_kvmFd >= 0)
        {
            PosixFile.Close(_kvmFd);
            _kvmFd = -1;
        }

        if (_ram is not null)
        {
            NativeMemory.AlignedFree(_ram);
            _ram = null;
        }
    }

    /// <summary>SEV_ISSUE_CMD on the SEV device.</summary>
    private SevResult Issue(uint command, void* data)
    {
        var cmd = new IssueCmd { Cmd = command, Data = (ulong)data };
        var ret = Libc.Ioctl(_sevFd, SEV_ISSUE_CMD, &cmd, out var errno);
        return ret == 0 ? SevResult.Success : new SevResult(ret, (int)cmd.Error, errno);
    }

    /// <summary>KVM_MEMORY_ENCRYPT_OP on the VM (ENOTTY when KVM has no SEV, EBADF before the VM exists).</summary>
    private SevResult Guest(uint id, void* data)
    {
        if (_vmFd < 0)
        {
            return SevResult.Os(Errno.EBADF);
        }

        var cmd = new Cmd { Id = id, Data = (ulong)data, SevFd = (uint)_sevFd };
        var ret = Libc.Ioctl(_vmFd, KVM_MEMORY_ENCRYPT_OP, &cmd, out var errno);
        return ret == 0 ? SevResult.Success : new SevResult(ret, (int)cmd.Error, errno);
    }

    private sealed class RamRegion(ulong address, byte* memory, int length) : GuestRegion(address)
    {
        public override Span<byte> Span => new(memory, length);

        public override void Commit()
        {
        }

        public override void Dispose()
        {
        }
    }
}
