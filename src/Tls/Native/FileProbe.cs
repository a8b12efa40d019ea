using System.Runtime.InteropServices;

namespace Qcrypto.Tls.Native;

/// <summary>stat(2) and access(2) for their errno only: QEMU decides "missing" versus "unreadable" on them.</summary>
internal static partial class FileProbe
{
    public const int ENOENT = 2;

    /// <summary>0 when <paramref name="path"/> can be stat'ed, else errno.</summary>
    public static unsafe int Stat(string path)
    {
        // struct stat is 144 bytes on x86_64 and 128 on aarch64; leave room.
        var buffer = stackalloc byte[256];
        return SysStat(path, buffer) == 0 ? 0 : Marshal.GetLastPInvokeError();
    }

    /// <summary>0 when <paramref name="path"/> is readable by us (access R_OK), else errno.</summary>
    public static int Access(string path) => SysAccess(path, 4) == 0 ? 0 : Marshal.GetLastPInvokeError();

    [LibraryImport("libc", EntryPoint = "access", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int SysAccess(string path, int mode);

    [LibraryImport("libc", EntryPoint = "stat", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static unsafe partial int SysStat(string path, byte* buffer);
}
