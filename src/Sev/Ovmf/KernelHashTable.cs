using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Qcrypto.Sev.Ovmf;

/// <summary>
/// The kernel hashes table of measured direct boot (sev-guest kernel-hashes=on, QEMU 7.2
/// sev_add_kernel_loader_hashes): header GUID, u16 length, then cmdline, initrd and kernel entries
/// {GUID, u16 length = 50, SHA-256}, 168 bytes zero-padded to 176, LAUNCH_UPDATE_DATA'd at the
/// area OVMF designates (SEV_HASH_TABLE_RV_GUID) so the hashes are part of the measurement.
/// </summary>
public static class KernelHashTable
{
    private const int EntryLength = 16 + 2 + 32;

    /// <summary>sizeof(SevHashTable): header GUID + u16 + three entries.</summary>
    public const int TableLength = 16 + 2 + (3 * EntryLength);

    /// <summary>sizeof(PaddedSevHashTable): the table rounded up to 16 bytes.</summary>
    public const int PaddedLength = (TableLength + 15) & ~15;

    /// <summary>
    /// The padded table for a kernel file, an initrd (empty if none) and the command line as given to
    /// -append (hashed with its terminating NUL; none is "").
    /// </summary>
    public static byte[] Build(ReadOnlySpan<byte> kernel, ReadOnlySpan<byte> initrd, ReadOnlySpan<byte> cmdline)
    {
        var withNul = new byte[cmdline.Length + 1];
        cmdline.CopyTo(withNul);
        var table = new byte[PaddedLength];
        OvmfGuids.HashTableHeader.TryWriteBytes(table);
        BinaryPrimitives.WriteUInt16LittleEndian(table.AsSpan(16), TableLength);
        Entry(table.AsSpan(18, EntryLength), OvmfGuids.CmdlineEntry, withNul);
        Entry(table.AsSpan(18 + EntryLength, EntryLength), OvmfGuids.InitrdEntry, initrd);
        Entry(table.AsSpan(18 + (2 * EntryLength), EntryLength), OvmfGuids.KernelEntry, kernel);
        return table;
    }

    private static void Entry(Span<byte> entry, Guid guid, ReadOnlySpan<byte> data)
    {
        guid.TryWriteBytes(entry);
        BinaryPrimitives.WriteUInt16LittleEndian(entry[16..], EntryLength);
        SHA256.HashData(data, entry[18..]);
    }
}
