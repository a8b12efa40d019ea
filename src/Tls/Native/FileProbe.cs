using System.Runtime.InteropServices;
using System.Runtime.InteropServices.Marshalling;

namespace Qcrypto.Tls.Native;

/// <summary>access(2) for its errno only (QEMU's sanity check reads a file only if access(R_OK) allows it); stat is <see cref="FileStatus"/>.</summary>
internal static partial class FileProbe
{
    public const int ENOENT = 2;

    /// <summary>0 when <paramref name="path"/> is readable by us (access R_OK), else errno.</summary>
    public static int Access(string path) => SysAccess(path, 4) == 0 ? 0 : Marshal.GetLastPInvokeError();

    [LibraryImport("libc", EntryPoint = "access", SetLastError = true)]
    private static partial int SysAccess([MarshalUsing(typeof(Qcrypto.Posix.RawPathMarshaller))] string path, int mode);
}
