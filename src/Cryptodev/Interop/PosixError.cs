using System.Runtime.InteropServices;

namespace Qcrypto.Cryptodev.Interop;

/// <summary>The errno of the last call through <see cref="Libc"/>, and glibc's text for any errno (the values by name: <see cref="Qcrypto.Posix.Errno"/>).</summary>
internal static class PosixError
{
    /// <summary>The errno of the last failed call made through <see cref="Libc"/>.</summary>
    public static int Last => Marshal.GetLastPInvokeError();

    /// <summary>glibc's strerror text ("No such file or directory"), as QEMU prints it.</summary>
    public static unsafe string Describe(int errno)
    {
        var text = Libc.strerrordesc_np(errno);
        return text is null ? $"Unknown error {errno}" : Marshal.PtrToStringUTF8((nint)text) ?? $"Unknown error {errno}";
    }
}
