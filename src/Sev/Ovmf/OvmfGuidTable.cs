using System.Buffers.Binary;

namespace Qcrypto.Sev.Ovmf;

/// <summary>
/// OVMF's GUIDed table at the end of its flash image, read the way QEMU 7.2 reads it
/// (hw/i386/pc_sysfw_ovmf.c): a footer GUID 48 bytes before the end, a u16 total length before it,
/// and entries laid out backwards from there, each "data, u16 length of the entry, GUID" (GUIDs in
/// their little-endian byte order).
/// </summary>
public sealed class OvmfGuidTable
{
    private const int BytesAfterFooter = 32;
    private const int GuidLength = 16;
    private const int PageSize = 4096;

    private readonly byte[] _entries;

    private OvmfGuidTable(byte[] entries, string? problem)
    {
        _entries = entries;
        Problem = problem;
    }

    /// <summary>No table (not OVMF, or a corrupt one).</summary>
    public static OvmfGuidTable Empty { get; } = new([], null);

    /// <summary>QEMU's error_report when the length field is impossible ("OVMF table has invalid size N"), else null.</summary>
    public string? Problem { get; }

    /// <summary>The table's entry bytes (what QEMU copies out of the flash).</summary>
    public ReadOnlySpan<byte> Raw => _entries;

    public bool IsEmpty => _entries.Length == 0;

    /// <summary>pc_system_parse_ovmf_flash over a firmware image.</summary>
    public static OvmfGuidTable Parse(ReadOnlySpan<byte> flash)
    {
        if (flash.Length < PageSize)
        {
            return Empty;
        }

        var footer = flash.Length - (BytesAfterFooter + GuidLength);
        if (!flash.Slice(footer, GuidLength).SequenceEqual(OvmfGuids.TableFooter.ToByteArray()))
        {
            return Empty;
        }

        var lengthAt = footer - 2;
        var total = BinaryPrimitives.ReadUInt16LittleEndian(flash[lengthAt..]) - GuidLength - 2;
        if (total < 0 || total > lengthAt)
        {
            return new OvmfGuidTable([], $"OVMF table has invalid size {total}");
        }

        return new OvmfGuidTable(flash.Slice(lengthAt - total, total).ToArray(), null);
    }

    /// <summary>Restores a table from its entry bytes (as a machine persisted it).</summary>
    public static OvmfGuidTable FromRaw(ReadOnlySpan<byte> entries) => new(entries.ToArray(), null);

    /// <summary>pc_system_ovmf_table_find: the data of the entry with <paramref name="guid"/>, or false.</summary>
    public bool TryFind(Guid guid, out ReadOnlySpan<byte> data)
    {
        var wanted = guid.ToByteArray();
        var end = _entries.Length;
        while (end >= GuidLength + 2)
        {
            var length = BinaryPrimitives.ReadUInt16LittleEndian(_entries.AsSpan(end - GuidLength - 2));
            if (length < GuidLength + 2 || length > end)
            {
                break;
            }

            var found = _entries.AsSpan(end - GuidLength, GuidLength).SequenceEqual(wanted);
            end -= length;
            if (found)
            {
                data = _entries.AsSpan(end, length - GuidLength - 2);
                return true;
            }
        }

        data = default;
        return false;
    }

    /// <summary>An area entry {u32 base; u32 size} (the SEV secret area, the hashes table area).</summary>
    public bool TryFindArea(Guid guid, out uint baseAddress, out uint size)
    {
        baseAddress = size = 0;
        if (!TryFind(guid, out var data))
        {
            return false;
        }

        // QEMU reads 8 bytes whatever the entry's length; a shorter entry reads as zeros here.
        Span<byte> area = stackalloc byte[8];
        area.Clear();
        data[..Math.Min(8, data.Length)].CopyTo(area);
        baseAddress = BinaryPrimitives.ReadUInt32LittleEndian(area);
        size = BinaryPrimitives.ReadUInt32LittleEndian(area[4..]);
        return true;
    }

    /// <summary>Every entry, first to last in the flash: GUID and data (for reports).</summary>
    public IReadOnlyList<(Guid Guid, byte[] Data)> Entries
    {
        get
        {
            var list = new List<(Guid, byte[])>();
            var end = _entries.Length;
            while (end >= GuidLength + 2)
            {
                var length = BinaryPrimitives.ReadUInt16LittleEndian(_entries.AsSpan(end - GuidLength - 2));
                if (length < GuidLength + 2 || length > end)
                {
                    break;
                }

                list.Add((new Guid(_entries.AsSpan(end - GuidLength, GuidLength)), _entries.AsSpan(end - length, length - GuidLength - 2).ToArray()));
                end -= length;
            }

            list.Reverse();
            return list;
        }
    }
}
