using System.Runtime.InteropServices;

namespace Qcrypto.Tls.Tests.Tools;

/// <summary>glibc's count of bytes in use by malloc: native memory, untouched by the GC.</summary>
public static partial class NativeHeap
{
    /// <summary>Bytes in use: small chunks (uordblks) plus chunks malloc mmapped on their own (hblkhd).</summary>
    public static long AllocatedBytes()
    {
        var info = Mallinfo2();
        return (long)info.UsedBytes + (long)info.MmappedBytes;
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct MallocInfo
    {
        public nuint Arena;
        public nuint OrdBlocks;
        public nuint SmallBlocks;
        public nuint MmappedBlocks;
        public nuint MmappedBytes;
        public nuint MaxTotal;
        public nuint FreedFastBytes;
        public nuint UsedBytes;
        public nuint FreeBytes;
        public nuint Keep;
    }

    [LibraryImport("libc", EntryPoint = "mallinfo2")]
    private static partial MallocInfo Mallinfo2();
}
