using System.Runtime.Intrinsics.X86;
using Qcrypto.Posix;
using Qcrypto.Sev.Firmware;

namespace Qcrypto.Sev.Interop;

/// <summary>
/// This machine as an SEV host: the C-bit position from CPUID 0x8000001F, and the kernel's SEV
/// device (QEMU's sev-device, /dev/sev by default) with KVM behind it.
/// </summary>
public sealed class LinuxSevHost : ISevHost
{
    private const int ReadWrite = 2; // O_RDWR
    private const int SevLeaf = unchecked((int)0x8000001F);
    private const int ExtendedMaxLeaf = unchecked((int)0x80000000);

    /// <summary>CPUID 0x8000001F EBX[5:0], or 0 where the CPU has no such leaf (no SEV).</summary>
    public uint CbitPosition
    {
        get
        {
            if (!X86Base.IsSupported || (uint)X86Base.CpuId(ExtendedMaxLeaf, 0).Eax < 0x8000001F)
            {
                return 0;
            }

            return (uint)X86Base.CpuId(SevLeaf, 0).Ebx & 0x3f;
        }
    }

    /// <summary>open(device, O_RDWR), as sev_kvm_init does; KVM is opened when the VM is initialised.</summary>
    public ISevPlatform? Open(string device, out int errno)
    {
        errno = PosixFile.Open(device, ReadWrite | PosixFile.CloseOnExec, 0, out var fd);
        return errno == 0 ? new LinuxSevPlatform(device, fd) : null;
    }
}
