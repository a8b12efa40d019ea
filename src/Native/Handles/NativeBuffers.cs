using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;

namespace Qcrypto.Native.Handles;

/// <summary>
/// Memory handed to C (secret bytes, strings): malloc'd natively, remembered with its size so that
/// qcrypto_free can zero it before freeing, and so that a pointer freed twice or never ours is refused.
/// </summary>
internal static unsafe class NativeBuffers
{
    private static readonly ConcurrentDictionary<nint, nuint> Live = new();

    /// <summary>The number of buffers C has not freed yet (qcrypto_debug_live_buffers).</summary>
    public static int Count => Live.Count;

    /// <summary>A buffer of <paramref name="length"/> bytes plus a NUL, so text and bytes alike end in one.</summary>
    public static byte* Allocate(int length)
    {
        var size = (nuint)length + 1;
        var p = (byte*)NativeMemory.Alloc(size);
        p[length] = 0;
        Live[(nint)p] = size;
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

    /// <summary>The size of the live buffer at <paramref name="p"/> (its length plus the NUL).</summary>
    public static int SizeOf(nint p) => (int)Live[p];

    /// <summary>Zeroes and frees <paramref name="p"/>; false if it is not a live buffer of ours.</summary>
    public static bool Free(void* p)
    {
        if (!Live.TryRemove((nint)p, out var size))
        {
            return false;
        }

        NativeMemory.Clear(p, size);
        NativeMemory.Free(p);
        return true;
    }
}
