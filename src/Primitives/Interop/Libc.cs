using System.Runtime.InteropServices;

namespace Qcrypto.Primitives.Interop;

/// <summary>The C library calls the primitives make. Native names and values as in the headers.</summary>
internal static unsafe partial class Libc
{
    /// <summary>glibc's soname, as the other assemblies' Interop folders name it.</summary>
    public const string Library = "libc.so.6";

    /// <summary>errno: the call was interrupted by a signal before it did anything.</summary>
    public const int EINTR = 4;

    [LibraryImport(Library, EntryPoint = "getrandom", SetLastError = true)]
    public static partial nint GetRandom(byte* buffer, nuint length, uint flags);
}
