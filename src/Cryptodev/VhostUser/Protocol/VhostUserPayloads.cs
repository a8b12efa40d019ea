using Qcrypto.Cryptodev.Wire;

namespace Qcrypto.Cryptodev.VhostUser.Protocol;

/// <summary>A single u64 payload (features, queue counts, KICK/CALL/ERR index and flags, session ids, REPLY_ACK status).</summary>
internal static class U64Payload
{
    public const int Size = 8;

    /// <summary>SET_VRING_KICK/CALL/ERR: bits 0-7 the vring index.</summary>
    public const ulong VringIndexMask = 0xFF;

    /// <summary>SET_VRING_KICK/CALL/ERR: bit 8, no descriptor in the ancillary data (poll instead).</summary>
    public const ulong NoFdFlag = 1UL << 8;

    public static bool TryRead(ReadOnlySpan<byte> payload, out ulong value)
    {
        value = 0;
        if (payload.Length != Size)
        {
            return false;
        }

        value = new WireReader(payload).ReadUInt64();
        return true;
    }

    public static void Write(Span<byte> payload, ulong value) => new WireWriter(payload).WriteUInt64(value);
}

/// <summary>A vring state description: index and num (SET_VRING_NUM/BASE, GET_VRING_BASE, SET_VRING_ENABLE).</summary>
internal readonly record struct VringState(uint Index, uint Num)
{
    public const int Size = 8;

    public static bool TryRead(ReadOnlySpan<byte> payload, out VringState state)
    {
        state = default;
        if (payload.Length != Size)
        {
            return false;
        }

        var reader = new WireReader(payload);
        state = new VringState(reader.ReadUInt32(), reader.ReadUInt32());
        return true;
    }

    public void Write(Span<byte> payload)
    {
        var writer = new WireWriter(payload);
        writer.WriteUInt32(Index);
        writer.WriteUInt32(Num);
    }
}

/// <summary>
/// A vring address description (SET_VRING_ADDR). The ring addresses are the front-end's user
/// addresses (QEMU's virtual addresses), translated through the regions' userspace_addr; log is a
/// guest address used only with VHOST_VRING_F_LOG.
/// </summary>
internal readonly record struct VringAddress(uint Index, uint Flags, ulong Descriptor, ulong Used, ulong Available, ulong Log)
{
    public const int Size = 40;

    /// <summary>VHOST_VRING_F_LOG: log writes to the used ring.</summary>
    public const uint LogFlag = 1;

    public static bool TryRead(ReadOnlySpan<byte> payload, out VringAddress address)
    {
        address = default;
        if (payload.Length != Size)
        {
            return false;
        }

        var reader = new WireReader(payload);
        address = new VringAddress(reader.ReadUInt32(), reader.ReadUInt32(), reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadUInt64());
        return true;
    }

    public void Write(Span<byte> payload)
    {
        var writer = new WireWriter(payload);
        writer.WriteUInt32(Index);
        writer.WriteUInt32(Flags);
        writer.WriteUInt64(Descriptor);
        writer.WriteUInt64(Used);
        writer.WriteUInt64(Available);
        writer.WriteUInt64(Log);
    }
}

/// <summary>One memory region: guest address, size, the front-end's user address, offset into the descriptor.</summary>
internal readonly record struct MemoryRegionDescription(ulong GuestAddress, ulong Size, ulong UserAddress, ulong MmapOffset)
{
    public const int Length = 32;
}

/// <summary>SET_MEM_TABLE's payload: nregions, padding, then exactly nregions regions (at most 8).</summary>
internal static class MemoryTablePayload
{
    /// <summary>VHOST_MEMORY_BASELINE_NREGIONS.</summary>
    public const int MaxRegions = 8;

    public const int HeaderSize = 8;

    public static int SizeFor(int regions) => HeaderSize + (regions * MemoryRegionDescription.Length);

    /// <summary>Parses the table; false for a count over 8 or a size that is not exactly the count's.</summary>
    public static bool TryRead(ReadOnlySpan<byte> payload, Span<MemoryRegionDescription> regions, out int count)
    {
        count = 0;
        if (payload.Length < HeaderSize)
        {
            return false;
        }

        var reader = new WireReader(payload);
        var declared = reader.ReadUInt32();
        reader.Skip(4);
        if (declared > MaxRegions || declared > (uint)regions.Length || payload.Length != SizeFor((int)declared))
        {
            return false;
        }

        for (var i = 0; i < (int)declared; i++)
        {
            regions[i] = new MemoryRegionDescription(reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadUInt64(), reader.ReadUInt64());
        }

        count = (int)declared;
        return true;
    }

    public static int Write(Span<byte> payload, ReadOnlySpan<MemoryRegionDescription> regions)
    {
        var writer = new WireWriter(payload);
        writer.WriteUInt32((uint)regions.Length);
        writer.WriteUInt32(0);
        foreach (var region in regions)
        {
            writer.WriteUInt64(region.GuestAddress);
            writer.WriteUInt64(region.Size);
            writer.WriteUInt64(region.UserAddress);
            writer.WriteUInt64(region.MmapOffset);
        }

        return writer.Position;
    }
}

/// <summary>GET/SET_CONFIG's payload: offset, size, flags, then size bytes of config space (at most 256).</summary>
internal readonly ref struct ConfigPayload
{
    public const int HeaderSize = 12;

    /// <summary>VHOST_USER_MAX_CONFIG_SIZE.</summary>
    public const int MaxConfigSize = 256;

    /// <summary>VHOST_SET_CONFIG_TYPE_MIGRATION: the write comes from live migration.</summary>
    public const uint MigrationFlag = 1;

    public ConfigPayload(uint offset, uint size, uint flags, ReadOnlySpan<byte> region)
    {
        Offset = offset;
        Size = size;
        Flags = flags;
        Region = region;
    }

    public uint Offset { get; }

    public uint Size { get; }

    public uint Flags { get; }

    public ReadOnlySpan<byte> Region { get; }

    public static bool TryRead(ReadOnlySpan<byte> payload, out ConfigPayload config)
    {
        config = default;
        if (payload.Length < HeaderSize)
        {
            return false;
        }

        var reader = new WireReader(payload);
        var offset = reader.ReadUInt32();
        var size = reader.ReadUInt32();
        var flags = reader.ReadUInt32();
        if (size > MaxConfigSize || payload.Length != HeaderSize + (int)size)
        {
            return false;
        }

        config = new ConfigPayload(offset, size, flags, reader.ReadBytes((int)size));
        return true;
    }

    public static int Write(Span<byte> payload, uint offset, uint flags, ReadOnlySpan<byte> region)
    {
        var writer = new WireWriter(payload);
        writer.WriteUInt32(offset);
        writer.WriteUInt32((uint)region.Length);
        writer.WriteUInt32(flags);
        writer.WriteBytes(region);
        return writer.Position;
    }
}
