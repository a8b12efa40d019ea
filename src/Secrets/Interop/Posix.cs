using System.Runtime.InteropServices;

namespace Qcrypto.SecretObjects.Native;

/// <summary>
/// The errno of open(2) on a path, to word a failed secret file read exactly as glib's
/// g_file_get_contents does ("Failed to open file “x”: &lt;strerror&gt;"): .NET's exceptions fold
/// several errno values (ENOENT, ENOTDIR, ELOOP, ...) into one type.
/// </summary>
internal static partial class Posix
{
    private const string Library = "libc.so.6";
    private const int ORdOnly = 0;
    private const int OCloExec = 0x80000;

    /// <summary>strerror(errno) of opening <paramref name="path"/> for reading, or null if it opens (or libc is not glibc).</summary>
    public static string? OpenError(string path)
    {
        try
        {
            var fd = Open(path, ORdOnly | OCloExec);
            if (fd >= 0)
            {
                _ = Close(fd);
                return null;
            }

            return Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }

    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport(Library, EntryPoint = "close")]
    private static partial int Close(int fd);
}
