using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;
using Qcrypto.Posix;

namespace Qcrypto.Interop;

/// <summary>
/// Passes a path (or any C string) to libc as the bytes it stands for (<see cref="RawText"/>), so a
/// file name that is not UTF-8 reaches open(2) as given; the default UTF-8 marshalling would turn
/// each such byte into U+FFFD and name another file.
/// </summary>
[CustomMarshaller(typeof(string), MarshalMode.ManagedToUnmanagedIn, typeof(RawPathMarshaller))]
public static unsafe class RawPathMarshaller
{
    public static byte* ConvertToUnmanaged(string? managed)
    {
        if (managed is null)
        {
            return null;
        }

        var count = RawText.GetByteCount(managed);
        var native = (byte*)NativeMemory.Alloc((nuint)count + 1);
        RawText.GetBytes(managed, new Span<byte>(native, count));
        native[count] = 0;
        return native;
    }

    public static void Free(byte* unmanaged) => NativeMemory.Free(unmanaged);
}
