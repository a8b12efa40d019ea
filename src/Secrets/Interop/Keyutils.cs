using System.Runtime.InteropServices;

namespace Qcrypto.Interop;

/// <summary>libkeyutils' entry points (keyutils.h), names kept verbatim.</summary>
internal static partial class Keyutils
{
    /// <summary>keyctl(KEYCTL_READ): the payload's length, copying at most <paramref name="length"/> bytes of it.</summary>
    [LibraryImport(Libraries.Keyutils, EntryPoint = "keyctl_read", SetLastError = true)]
    internal static partial long keyctl_read(int serial, IntPtr buffer, nuint length);
}
