namespace Qcrypto.Primitives;

/// <summary>
/// Copies of key material the garbage collector never moves, so zeroing the copy (with
/// CryptographicOperations.ZeroMemory) leaves no stale duplicate behind on the heap.
/// </summary>
public static class PinnedBytes
{
    /// <summary>A pinned array holding <paramref name="bytes"/>; the caller zeroes it when done.</summary>
    public static byte[] Copy(ReadOnlySpan<byte> bytes)
    {
        var copy = GC.AllocateArray<byte>(bytes.Length, pinned: true);
        bytes.CopyTo(copy);
        return copy;
    }
}
