using System.Buffers.Binary;
using Qcrypto.Keys;
using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Ovmf;

namespace Qcrypto.Sev.Owner;

/// <summary>
/// The EFI secret table OVMF's AmdSev build and Linux's efi_secret driver read from the launch
/// secret area (sevctl secret build's payload): header {GUID 1e74f542-…, u32 total length}, then
/// entries {GUID, u32 length = 20 + data, data}, zero-padded to a multiple of 16 bytes.
/// </summary>
public static class SecretTable
{
    private const int HeaderLength = 16 + 4;

    /// <summary>The padded table in a pinned buffer (it holds the secrets in the clear).</summary>
    public static SecretBuffer Build(IReadOnlyList<(Guid Guid, SecretBuffer Data)> entries)
    {
        if (entries.Count == 0)
        {
            throw new SevException(SevErrorCodes.Input, "a secret table needs at least one entry");
        }

        var length = HeaderLength + entries.Sum(e => HeaderLength + e.Data.Length);
        var table = SecretBuffer.Allocate((length + 15) & ~15);
        var span = table.WritableSpan;
        OvmfGuids.SecretTableHeader.TryWriteBytes(span);
        BinaryPrimitives.WriteUInt32LittleEndian(span[16..], (uint)length);
        var offset = HeaderLength;
        foreach (var (guid, data) in entries)
        {
            guid.TryWriteBytes(span[offset..]);
            BinaryPrimitives.WriteUInt32LittleEndian(span[(offset + 16)..], (uint)(HeaderLength + data.Length));
            data.Span.CopyTo(span[(offset + HeaderLength)..]);
            offset += HeaderLength + data.Length;
        }

        return table;
    }
}
