using System.Buffers.Binary;
using Qcrypto.Sev.Ovmf;

namespace Qcrypto.Sev.Tests.Support;

/// <summary>
/// A firmware image with OVMF's reset-vector GUID table laid out as OVMF's ResetVectorVtf0.asm lays
/// it out (entries "data, u16 length, GUID", the table's u16 length and footer GUID, then 32 bytes to
/// the end), for the tests that need an AmdSev-style secret area and hashes area: Debian's ovmf
/// package lists both areas with base 0 and size 0 (it is not an AmdSev build).
/// </summary>
public static class SyntheticOvmf
{
    public const uint SecretBase = 0x0080_0000;
    public const uint SecretSize = 0x1000;
    public const uint HashBase = 0x0080_1000;
    public const uint HashSize = 0x400;

    public static byte[] Build(int size = 64 * 1024, uint secretBase = SecretBase, uint secretSize = SecretSize, uint hashBase = HashBase, uint hashSize = HashSize, bool withTable = true)
    {
        var image = new byte[size];
        new Random(size).NextBytes(image);
        if (!withTable)
        {
            return image;
        }

        var entries = new List<byte>();
        entries.AddRange(Entry(OvmfGuids.SevInfoBlock, [0x04, 0xb0, 0x80, 0x00]));
        entries.AddRange(Entry(OvmfGuids.SevSecret, Area(secretBase, secretSize)));
        entries.AddRange(Entry(OvmfGuids.SevHashTable, Area(hashBase, hashSize)));
        var total = entries.Count + 2 + 16;
        var footerAt = size - 32 - 16;
        OvmfGuids.TableFooter.TryWriteBytes(image.AsSpan(footerAt));
        BinaryPrimitives.WriteUInt16LittleEndian(image.AsSpan(footerAt - 2), (ushort)total);
        entries.ToArray().CopyTo(image, footerAt - 2 - entries.Count);
        return image;
    }

    private static byte[] Area(uint baseAddress, uint size)
    {
        var data = new byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(data, baseAddress);
        BinaryPrimitives.WriteUInt32LittleEndian(data.AsSpan(4), size);
        return data;
    }

    private static byte[] Entry(Guid guid, byte[] data)
    {
        var entry = new byte[data.Length + 2 + 16];
        data.CopyTo(entry, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(entry.AsSpan(data.Length), (ushort)entry.Length);
        guid.TryWriteBytes(entry.AsSpan(data.Length + 2));
        return entry;
    }
}
