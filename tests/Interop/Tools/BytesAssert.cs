namespace Qcrypto.Interop.Tests.Tools;

/// <summary>Byte comparisons that say where they differ instead of dumping a megabyte.</summary>
public static class BytesAssert
{
    public static void Equal(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual, string context)
    {
        if (expected.SequenceEqual(actual))
        {
            return;
        }

        var common = expected.CommonPrefixLength(actual);
        Assert.Fail($"{context}: expected {expected.Length} bytes, got {actual.Length}; first difference at offset {common}" +
            $" (expected {Around(expected, common)}, got {Around(actual, common)})");
    }

    private static string Around(ReadOnlySpan<byte> bytes, int offset) =>
        offset >= bytes.Length ? "<end>" : Convert.ToHexString(bytes.Slice(offset, Math.Min(16, bytes.Length - offset)));
}
