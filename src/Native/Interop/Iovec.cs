using System.Runtime.InteropServices;

namespace Qcrypto.Native.Interop;

/// <summary>struct iovec (sys/uio.h): only ever read from arrays the C caller filled.</summary>
[StructLayout(LayoutKind.Sequential)]
internal readonly unsafe struct Iovec
{
#pragma warning disable CS0649 // Filled by C.
    public readonly byte* Base;
    public readonly nuint Length;
#pragma warning restore CS0649
}
