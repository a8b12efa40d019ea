using System.Runtime.InteropServices;
using Qcrypto.Posix;

namespace Qcrypto.Cryptodev.Interop;

/// <summary>An owned file descriptor (socket, eventfd, memfd, file), closed exactly once.</summary>
internal sealed class FileDescriptor : SafeHandle
{
    public FileDescriptor(int fd)
        : base(-1, ownsHandle: true) => SetHandle(fd);

    public override bool IsInvalid => handle == -1;

    /// <summary>The raw number, for poll sets and messages; valid while this handle is open.</summary>
    public int Fd => (int)handle;

    /// <summary>Wraps the result of a call returning a descriptor, or throws with what failed and glibc's text.</summary>
    public static FileDescriptor FromResult(int fd, string what) =>
        fd >= 0 ? new FileDescriptor(fd) : throw Failure(what, PosixError.Last);

    public static PosixException Failure(string what, int errno) => new($"{what}: {PosixError.Describe(errno)}", errno);

    /// <summary>st_mode and st_size of the open file.</summary>
    public unsafe (uint Mode, long Size) Stat()
    {
        var buffer = stackalloc byte[Libc.StatSize];
        if (Libc.fstat(Fd, buffer) != 0)
        {
            throw Failure("fstat", PosixError.Last);
        }

        return (*(uint*)(buffer + Libc.StatModeOffset), *(long*)(buffer + Libc.StatSizeOffset));
    }

    /// <summary>
    /// True for an eventfd or a pipe, what vhost-user notifiers may be. Anything else (a regular file is
    /// always readable) would make a queue's thread spin.
    /// </summary>
    public unsafe bool IsNotifier()
    {
        if ((Stat().Mode & Libc.S_IFMT) == Libc.S_IFIFO)
        {
            return true;
        }

        var path = System.Text.Encoding.ASCII.GetBytes($"/proc/self/fd/{Fd}\0");
        var target = stackalloc byte[64];
        nint length;
        fixed (byte* p = path)
        {
            length = Libc.readlink(p, target, 64);
        }

        return length > 0 && new ReadOnlySpan<byte>(target, (int)length).SequenceEqual("anon_inode:[eventfd]"u8);
    }

    /// <summary>The seals of a memfd (0 for files that take none).</summary>
    public int Seals()
    {
        var seals = Libc.fcntl(Fd, Libc.F_GET_SEALS, 0);
        return seals < 0 ? 0 : seals;
    }

    protected override bool ReleaseHandle() => Libc.close((int)handle) == 0;
}
