using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.Interop;
using Qcrypto.Cryptodev.VhostUser.Protocol;

namespace Qcrypto.Cryptodev.VhostUser.Memory;

/// <summary>
/// The memory table a front-end sent (SET_MEM_TABLE): up to 8 mapped regions. Guest addresses
/// (descriptors) and user addresses (ring addresses) translate through it; anything not wholly
/// inside the table is refused. Immutable once built: a new table replaces it after the queues
/// stopped, and the old one is unmapped then.
/// </summary>
internal sealed unsafe class GuestMemory : IDisposable
{
    /// <summary>The largest region we map (16 TiB): beyond any guest this host can run.</summary>
    public const ulong MaxRegionSize = 1UL << 44;

    private readonly GuestRegion[] _regions;

    private GuestMemory(GuestRegion[] regions) => _regions = regions;

    public static GuestMemory Empty { get; } = new([]);

    public IReadOnlyList<GuestRegion> Regions => _regions;

    public ulong TotalSize => _regions.Aggregate(0UL, (sum, r) => sum + r.Size);

    /// <summary>Checks the table, then maps every region; on any failure nothing stays mapped.</summary>
    public static GuestMemory Map(ReadOnlySpan<MemoryRegionDescription> table, IReadOnlyList<FileDescriptor> fds, List<string> warnings)
    {
        if (fds.Count != table.Length)
        {
            throw new GuestMemoryException($"memory table has {table.Length} region(s) but {fds.Count} file descriptor(s)");
        }

        for (var i = 0; i < table.Length; i++)
        {
            var r = table[i];
            if (r.Size == 0 || r.Size > MaxRegionSize)
            {
                throw new GuestMemoryException($"memory region {i} has size {r.Size} (must be 1..{MaxRegionSize})");
            }

            if (r.GuestAddress > ulong.MaxValue - r.Size || r.UserAddress > ulong.MaxValue - r.Size || r.MmapOffset > ulong.MaxValue - r.Size)
            {
                throw new GuestMemoryException($"memory region {i} wraps around the address space");
            }

            for (var j = 0; j < i; j++)
            {
                var o = table[j];
                if (r.GuestAddress < o.GuestAddress + o.Size && o.GuestAddress < r.GuestAddress + r.Size)
                {
                    throw new GuestMemoryException($"memory regions {j} and {i} overlap in guest addresses");
                }

                if (r.UserAddress < o.UserAddress + o.Size && o.UserAddress < r.UserAddress + r.Size)
                {
                    throw new GuestMemoryException($"memory regions {j} and {i} overlap in user addresses");
                }
            }
        }

        var regions = new List<GuestRegion>(table.Length);
        try
        {
            for (var i = 0; i < table.Length; i++)
            {
                regions.Add(GuestRegion.Map(table[i], fds[i], out var warning));
                if (warning is not null)
                {
                    warnings.Add($"region {i}: {warning}");
                }
            }
        }
        catch
        {
            foreach (var region in regions)
            {
                region.Dispose();
            }

            throw;
        }

        return new GuestMemory([.. regions]);
    }

    /// <summary>Host pointer of a ring structure given by user address, wholly inside one region.</summary>
    public bool TryUser(ulong address, ulong length, out byte* host)
    {
        foreach (var region in _regions)
        {
            if (region.TryUser(address, length, out host))
            {
                return true;
            }
        }

        host = null;
        return false;
    }

    /// <summary>Host pointer of a table (an indirect descriptor table) given by guest address, wholly inside one region.</summary>
    public bool TryGuest(ulong address, ulong length, out byte* host)
    {
        foreach (var region in _regions)
        {
            if (region.TryGuest(address, length, out host))
            {
                return true;
            }
        }

        host = null;
        return false;
    }

    /// <summary>
    /// Adds the guest buffer [address, +length) to <paramref name="element"/> as one or more segments
    /// (split where it crosses a region or window boundary, each piece inside a region). False, with
    /// nothing guaranteed added, when any byte of it lies outside the table.
    /// </summary>
    public bool TryAddSegments(VirtqueueElement element, ulong address, ulong length, bool writable)
    {
        while (length > 0)
        {
            GuestRegion? region = null;
            foreach (var candidate in _regions)
            {
                if (candidate.ContainsGuest(address))
                {
                    region = candidate;
                    break;
                }
            }

            if (region is null)
            {
                return false;
            }

            var segment = region.Segment(address, length, out var taken);
            if (writable)
            {
                element.AddWritable(segment);
            }
            else
            {
                element.AddReadable(segment);
            }

            address += taken;
            length -= taken;
        }

        return true;
    }

    public void Dispose()
    {
        foreach (var region in _regions)
        {
            region.Dispose();
        }
    }
}
