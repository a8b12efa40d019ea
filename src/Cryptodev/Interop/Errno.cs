using System.Runtime.InteropServices;

namespace Qcrypto.Cryptodev.Interop;

/// <summary>The errno values the vhost-user code branches on, by name, and glibc's text for any errno.</summary>
internal static class Errno
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int EINTR = 4;
    public const int EBADF = 9;
    public const int EAGAIN = 11;
    public const int ENOMEM = 12;
    public const int EACCES = 13;
    public const int EEXIST = 17;
    public const int EISDIR = 21;
    public const int EINVAL = 22;
    public const int EMFILE = 24;
    public const int EPIPE = 32;
    public const int ENAMETOOLONG = 36;
    public const int ENOTSOCK = 88;
    public const int EPROTO = 71;
    public const int EADDRINUSE = 98;
    public const int ECONNRESET = 104;
    public const int ECONNREFUSED = 111;

    /// <summary>The errno of the last failed call made through <see cref="Libc"/>.</summary>
    public static int Last => Marshal.GetLastPInvokeError();

    /// <summary>glibc's strerror text ("No such file or directory"), as QEMU prints it.</summary>
    public static unsafe string Describe(int errno)
    {
        var text = Libc.strerrordesc_np(errno);
        return text is null ? $"Unknown error {errno}" : Marshal.PtrToStringUTF8((nint)text) ?? $"Unknown error {errno}";
    }
}
