using Qcrypto.Cryptodev.Interop;
using Qcrypto.Cryptodev.VhostUser.Protocol;

namespace Qcrypto.Cryptodev.VhostUser.Memory;

/// <summary>
/// One region of the memory table, mapped: guest addresses [GuestAddress, +Size) and the front-end's
/// user addresses [UserAddress, +Size) both land at <see cref="Host"/>. Every translation checks the
/// whole range against the region with subtraction only (no sum that could overflow).
/// </summary>
internal sealed unsafe class GuestRegion : IDisposable
{
    private readonly SharedMapping _mapping;
    private readonly RegionMemoryManager[] _windows;

    private GuestRegion(MemoryRegionDescription description, SharedMapping mapping)
    {
        Description = description;
        _mapping = mapping;
        Host = mapping.Pointer + description.MmapOffset;
        var count = (int)((description.Size + RegionMemoryManager.WindowSize - 1) / RegionMemoryManager.WindowSize);
        _windows = new RegionMemoryManager[count];
        for (var i = 0; i < count; i++)
        {
            var start = (ulong)i * RegionMemoryManager.WindowSize;
            var length = (int)Math.Min(RegionMemoryManager.WindowSize, description.Size - start);
            _windows[i] = new RegionMemoryManager(Host + start, length);
        }
    }

    public MemoryRegionDescription Description { get; }

    public ulong GuestAddress => Description.GuestAddress;

    public ulong UserAddress => Description.UserAddress;

    public ulong Size => Description.Size;

    public byte* Host { get; }

    /// <summary>
    /// Maps a region from the descriptor the front-end sent. The descriptor must be a regular file
    /// (memfd, hugetlbfs or tmpfs file) at least MmapOffset + Size long, so no access through the
    /// mapping can fall past its end (SIGBUS).
    /// </summary>
    public static GuestRegion Map(MemoryRegionDescription description, FileDescriptor fd, out string? warning)
    {
        warning = null;
        var (mode, fileSize) = fd.Stat();
        if ((mode & Libc.S_IFMT) != Libc.S_IFREG)
        {
            throw new GuestMemoryException("memory region descriptor is not a regular file (memfd, hugetlbfs or tmpfs file)");
        }

        if (fileSize < 0 || description.MmapOffset > (ulong)fileSize || description.Size > (ulong)fileSize - description.MmapOffset)
        {
            throw new GuestMemoryException($"memory region of {description.Size} bytes at offset {description.MmapOffset} exceeds its file ({fileSize} bytes)");
        }

        if ((fd.Seals() & Libc.F_SEAL_SHRINK) == 0)
        {
            // A peer that truncates the file under the mapping would make our next access fault.
            warning = "memory region file is not sealed against shrinking (a front-end truncating it would crash this process)";
        }

        var mapping = SharedMapping.Map(fd, description.MmapOffset + description.Size);
        return new GuestRegion(description, mapping);
    }

    /// <summary>The host pointer of [address, +length) if the range lies wholly in this region by guest address.</summary>
    public bool TryGuest(ulong address, ulong length, out byte* host)
    {
        host = null;
        if (address < GuestAddress || address - GuestAddress > Size || length > Size - (address - GuestAddress))
        {
            return false;
        }

        host = Host + (address - GuestAddress);
        return true;
    }

    /// <summary>The host pointer of [address, +length) if the range lies wholly in this region by user address.</summary>
    public bool TryUser(ulong address, ulong length, out byte* host)
    {
        host = null;
        if (address < UserAddress || address - UserAddress > Size || length > Size - (address - UserAddress))
        {
            return false;
        }

        host = Host + (address - UserAddress);
        return true;
    }

    /// <summary>True if <paramref name="address"/> falls in this region by guest address.</summary>
    public bool ContainsGuest(ulong address) => address >= GuestAddress && address - GuestAddress < Size;

    /// <summary>
    /// The segment for the part of [address, +length) that lies in this region and in one window:
    /// the caller loops until the range is covered (a buffer across windows or regions is split).
    /// </summary>
    public Memory<byte> Segment(ulong address, ulong length, out ulong taken)
    {
        var offset = address - GuestAddress;
        var window = (int)(offset / RegionMemoryManager.WindowSize);
        var inWindow = (int)(offset % RegionMemoryManager.WindowSize);
        var manager = _windows[window];
        taken = Math.Min(length, (ulong)(manager.Length - inWindow));
        return manager.Memory.Slice(inWindow, (int)taken);
    }

    public void Dispose() => _mapping.Dispose();
}

/// <summary>A memory table entry that cannot be used (the message is refused; nothing is mapped).</summary>
internal sealed class GuestMemoryException(string message) : Exception(message);
