using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;

namespace Qcrypto.Native.Handles;

/// <summary>
/// Memory handed to C (secret bytes, strings): malloc'd with a 16-byte header before the data (a live/freed mark
/// and the size), so that qcrypto_free zeroes exactly the buffer before freeing it, and a second free of the same
/// pointer finds the freed mark and is refused instead of corrupting the heap. Buffers of 64 KiB and more (which
/// malloc may give back to the system on free, so their header could be unmapped) are also kept in a table.
/// </summary>
internal static unsafe class NativeBuffers
{
    private const ulong LiveMark = 0x5143_5259_4C49_5645; // "QCRYLIVE"
    private const ulong FreedMark = 0x5143_5259_4652_4545; // "QCRYFREE"
    private const int Header = 16;
    private const int LargeSize = 64 * 1024;

    private static readonly ConcurrentDictionary<nint, nuint> Large = new();
    private static long _count;

    /// <summary>The number of buffers C has not freed yet (qcrypto_debug_live_buffers).</summary>
    public static long Count => Interlocked.Read(ref _count);

    /// <summary>A buffer of <paramref name="length"/> bytes plus a NUL, so text and bytes alike end in one.</summary>
    public static byte* Allocate(int length)
    {
        var size = (nuint)length + 1;
        var block = (byte*)NativeMemory.Alloc(size + Header);
        *(ulong*)block = LiveMark;
        *(nuint*)(block + 8) = size;
        var p = block + Header;
        p[length] = 0;
        if (size >= LargeSize)
        {
            Large[(nint)p] = size;
        }

        Interlocked.Increment(ref _count);
        return p;
    }

    public static byte* CopyOf(ReadOnlySpan<byte> data)
    {
        var p = Allocate(data.Length);
        data.CopyTo(new Span<byte>(p, data.Length));
        return p;
    }

    public static byte* Utf8(string text)
    {
        var length = Encoding.UTF8.GetByteCount(text);
        var p = Allocate(length);
        Encoding.UTF8.GetBytes(text, new Span<byte>(p, length));
        return p;
    }

    /// <summary>Zeroes and frees <paramref name="p"/>; false if it is not a live buffer of ours.</summary>
    public static bool Free(void* p)
    {
        var block = (byte*)p - Header;
        nuint size;
        if (Large.TryRemove((nint)p, out var large))
        {
            size = large;
        }
        else
        {
            // Small blocks stay mapped after free (glibc keeps them in its bins), so reading the header of a buffer
            // freed before is safe and finds the freed mark.
            if (((nint)p & 7) != 0 || Interlocked.CompareExchange(ref *(ulong*)block, FreedMark, LiveMark) != LiveMark)
            {
                return false;
            }

            size = *(nuint*)(block + 8);
            if (size >= LargeSize)
            {
                return false;
            }
        }

        *(ulong*)block = FreedMark;
        NativeMemory.Clear(p, size);
        NativeMemory.Free(block);
        Interlocked.Decrement(ref _count);
        return true;
    }
}
