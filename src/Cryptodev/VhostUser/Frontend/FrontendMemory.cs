using Qcrypto.Cryptodev.Interop;
using Qcrypto.Cryptodev.VhostUser.Protocol;
using Qcrypto.Cryptodev.VhostUser.Virtqueue;

namespace Qcrypto.Cryptodev.VhostUser.Frontend;

/// <summary>
/// Where the front-end's rings and request buffers live in the shared memory it hands the back-end:
/// per queue a fixed stride holding the descriptor table, avail and used rings, one indirect table
/// and one bounce buffer per slot, and one large buffer for requests that do not fit a slot.
/// </summary>
internal readonly record struct QueueLayout(int RingSize, int SlotSize, int BigSize)
{
    /// <summary>Descriptors one request may use in its indirect table (readable and writable parts).</summary>
    public const int TableEntries = 4;

    public const int PageSize = 4096;

    public ulong Desc => 0;

    public ulong Avail => VringLayout.DescriptorTableSize(RingSize);

    public ulong Used => Align(Avail + VringLayout.AvailSize(RingSize), PageSize);

    public ulong Tables => Align(Used + VringLayout.UsedSize(RingSize), PageSize);

    public ulong Slots => Align(Tables + ((ulong)RingSize * TableEntries * VringLayout.DescriptorSize), PageSize);

    public ulong Big => Slots + ((ulong)RingSize * (ulong)SlotSize);

    public ulong Stride => Align(Big + (ulong)BigSize, PageSize);

    public static ulong Align(ulong value, ulong to) => (value + to - 1) & ~(to - 1);
}

/// <summary>The front-end's shared region: a mapping, its descriptor, and the addresses the back-end is told.</summary>
internal sealed unsafe class FrontendMemory(FileDescriptor fd, SharedMapping mapping, ulong guestAddress, bool owned) : IDisposable
{
    public FileDescriptor Descriptor => fd;

    public byte* Pointer => mapping.Pointer;

    public ulong Size => mapping.Length;

    /// <summary>The "guest address" we give the region (descriptors carry these).</summary>
    public ulong GuestAddress => guestAddress;

    /// <summary>Our own virtual address: ring addresses are given as user addresses, as QEMU gives them.</summary>
    public ulong UserAddress => (ulong)mapping.Pointer;

    public MemoryRegionDescription Description => new(guestAddress, mapping.Length, UserAddress, 0);

    public ulong GuestOf(byte* pointer) => guestAddress + (ulong)(pointer - mapping.Pointer);

    public ulong UserOf(byte* pointer) => (ulong)pointer;

    /// <summary>An internal memfd (sealed, sparse: pages cost memory only once touched).</summary>
    public static FrontendMemory CreateInternal(string name, ulong size)
    {
        var memfd = MemoryFiles.CreateMemfd(name, size, hugetlb: false, hugetlbSize: 0, seal: true);
        try
        {
            return new FrontendMemory(memfd, SharedMapping.Map(memfd, size), 0, owned: true);
        }
        catch
        {
            memfd.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        if (owned)
        {
            mapping.Dispose();
            fd.Dispose();
        }
    }
}
