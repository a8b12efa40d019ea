using System.Runtime.InteropServices;

namespace Qcrypto.Native.Interop;

/// <summary>C strings in, as the C API receives them.</summary>
internal static unsafe class NativeText
{
    /// <summary>The NUL-terminated UTF-8 string at <paramref name="p"/> (null for NULL).</summary>
    public static string? From(byte* p) => p is null ? null : Marshal.PtrToStringUTF8((nint)p);

    /// <summary>errno of the calling thread, read right after a C callback returned -1.</summary>
    public static int Errno => Marshal.GetLastSystemError();

    public static void SetErrno(int value) => Marshal.SetLastSystemError(value);
}
