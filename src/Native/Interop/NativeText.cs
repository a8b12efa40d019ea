using System.Runtime.InteropServices;

namespace Qcrypto.Native.Interop;

/// <summary>C strings in, as the C API receives them.</summary>
internal static unsafe class NativeText
{
    /// <summary>The NUL-terminated UTF-8 string at <paramref name="p"/> (null for NULL).</summary>
    public static string? From(byte* p) => p is null ? null : Marshal.PtrToStringUTF8((nint)p);

    [ThreadStatic]
    private static string? _lastId;

    [ThreadStatic]
    private static byte[]? _lastIdBytes;

    /// <summary>
    /// An object id: as <see cref="From"/>, but the string of the thread's previous id is reused when the bytes
    /// are the same (an emulator looks the same few ids up again and again).
    /// </summary>
    public static string? Id(byte* p)
    {
        if (p is null)
        {
            return null;
        }

        var bytes = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(p);
        if (_lastId is { } last && bytes.SequenceEqual(_lastIdBytes))
        {
            return last;
        }

        var id = System.Text.Encoding.UTF8.GetString(bytes);
        (_lastId, _lastIdBytes) = (id, bytes.ToArray());
        return id;
    }

    /// <summary>errno of the calling thread, read right after a C callback returned -1.</summary>
    public static int Errno => Marshal.GetLastSystemError();

    public static void SetErrno(int value) => Marshal.SetLastSystemError(value);
}
