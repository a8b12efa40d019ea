using System.Runtime.InteropServices;

namespace Qcrypto.Sev.Interop;

/// <summary>
/// The ABI of KVM's SEV guest commands (include/uapi/linux/kvm.h): KVM_CREATE_VM,
/// KVM_MEMORY_ENCRYPT_OP with struct kvm_sev_cmd, and the per-command structures.
/// </summary>
internal static class KvmSevAbi
{
    private const ulong Kvmio = 0xAE;

    /// <summary>_IO(KVMIO, 0x01).</summary>
    public const ulong KVM_CREATE_VM = (Kvmio << 8) | 0x01;

    /// <summary>_IOWR(KVMIO, 0xba, unsigned long).</summary>
    public const ulong KVM_MEMORY_ENCRYPT_OP = (3UL << 30) | (8UL << 16) | (Kvmio << 8) | 0xba;

    /// <summary>_IOR(KVMIO, 0xbb, struct kvm_enc_region).</summary>
    public const ulong KVM_MEMORY_ENCRYPT_REG_REGION = (2UL << 30) | (16UL << 16) | (Kvmio << 8) | 0xbb;

    // enum sev_cmd_id.
    public const uint KVM_SEV_INIT = 0;
    public const uint KVM_SEV_ES_INIT = 1;
    public const uint KVM_SEV_LAUNCH_START = 2;
    public const uint KVM_SEV_LAUNCH_UPDATE_DATA = 3;
    public const uint KVM_SEV_LAUNCH_SECRET = 5;
    public const uint KVM_SEV_LAUNCH_MEASURE = 6;
    public const uint KVM_SEV_LAUNCH_FINISH = 7;
    public const uint KVM_SEV_GUEST_STATUS = 16;

    /// <summary>struct kvm_sev_cmd { __u32 id; __u64 data; __u32 error; __u32 sev_fd; } (24 bytes).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 24)]
    public struct Cmd
    {
        [FieldOffset(0)] public uint Id;
        [FieldOffset(8)] public ulong Data;
        [FieldOffset(16)] public uint Error;
        [FieldOffset(20)] public uint SevFd;
    }

    /// <summary>struct kvm_sev_launch_start (40 bytes).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 40)]
    public struct LaunchStart
    {
        [FieldOffset(0)] public uint Handle;
        [FieldOffset(4)] public uint Policy;
        [FieldOffset(8)] public ulong DhUaddr;
        [FieldOffset(16)] public uint DhLen;
        [FieldOffset(24)] public ulong SessionUaddr;
        [FieldOffset(32)] public uint SessionLen;
    }

    /// <summary>struct kvm_sev_launch_update_data and kvm_sev_launch_measure: { __u64 uaddr; __u32 len; } (16 bytes).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 16)]
    public struct Buffer
    {
        [FieldOffset(0)] public ulong Uaddr;
        [FieldOffset(8)] public uint Len;
    }

    /// <summary>struct kvm_sev_launch_secret (48 bytes).</summary>
    [StructLayout(LayoutKind.Explicit, Size = 48)]
    public struct LaunchSecret
    {
        [FieldOffset(0)] public ulong HdrUaddr;
        [FieldOffset(8)] public uint HdrLen;
        [FieldOffset(16)] public ulong GuestUaddr;
        [FieldOffset(24)] public uint GuestLen;
        [FieldOffset(32)] public ulong TransUaddr;
        [FieldOffset(40)] public uint TransLen;
    }

    /// <summary>struct kvm_sev_guest_status { __u32 handle; __u32 policy; __u32 state; }.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 12)]
    public struct GuestStatus
    {
        [FieldOffset(0)] public uint Handle;
        [FieldOffset(4)] public uint Policy;
        [FieldOffset(8)] public uint State;
    }

    /// <summary>struct kvm_enc_region { __u64 addr; __u64 size; }.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 16)]
    public struct EncRegion
    {
        [FieldOffset(0)] public ulong Addr;
        [FieldOffset(8)] public ulong Size;
    }
}
