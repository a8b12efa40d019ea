using Qcrypto.Cryptodev.Interop;
using Qcrypto.Cryptodev.VhostUser.Memory;
using Qcrypto.Cryptodev.VhostUser.Protocol;

namespace Qcrypto.VhostUser.Tests.Support;

/// <summary>
/// Guest memory as a back-end sees it, for the walker tests: regions made of memfds, mapped through
/// <see cref="GuestMemory"/> exactly as SET_MEM_TABLE maps them. A host-side view of each region lets
/// the test write descriptors and buffers as a (hostile) guest would.
/// </summary>
internal sealed unsafe class TestMemory : IDisposable
{
    private readonly List<FileDescriptor> _fds = [];
    private readonly List<SharedMapping> _views = [];

    public TestMemory(params (ulong Guest, ulong Size)[] regions)
    {
        var table = new MemoryRegionDescription[regions.Length];
        for (var i = 0; i < regions.Length; i++)
        {
            var fd = MemoryFiles.CreateMemfd($"test-region-{i}", regions[i].Size, false, 0, seal: true);
            _fds.Add(fd);
            _views.Add(SharedMapping.Map(fd, regions[i].Size));
            table[i] = new MemoryRegionDescription(regions[i].Guest, regions[i].Size, 0x7f00_0000_0000UL + ((ulong)i << 32), 0);
        }

        Regions = table;
        Memory = GuestMemory.Map(table, _fds, []);
    }

    public MemoryRegionDescription[] Regions { get; }

    public GuestMemory Memory { get; }

    /// <summary>The host bytes behind guest address <paramref name="guest"/> (the test's own view, not the walker's).</summary>
    public byte* At(ulong guest)
    {
        for (var i = 0; i < Regions.Length; i++)
        {
            if (guest >= Regions[i].GuestAddress && guest - Regions[i].GuestAddress < Regions[i].Size)
            {
                return _views[i].Pointer + (guest - Regions[i].GuestAddress);
            }
        }

        throw new ArgumentOutOfRangeException(nameof(guest));
    }

    /// <summary>Writes descriptor <paramref name="index"/> of the table at <paramref name="table"/>.</summary>
    public void Descriptor(ulong table, int index, ulong address, uint length, ushort flags, ushort next = 0)
    {
        var d = At(table + ((ulong)index * 16));
        *(ulong*)d = address;
        *(uint*)(d + 8) = length;
        *(ushort*)(d + 12) = flags;
        *(ushort*)(d + 14) = next;
    }

    public void Dispose()
    {
        Memory.Dispose();
        foreach (var view in _views)
        {
            view.Dispose();
        }

        foreach (var fd in _fds)
        {
            fd.Dispose();
        }
    }
}
