using Qcrypto.Posix;
using System.Numerics;
using System.Text;

namespace Qcrypto.Cryptodev.Interop;

/// <summary>
/// A MAP_SHARED mapping of a file descriptor (guest memory a frontend handed over, or our own
/// memfd), unmapped exactly once. The owner keeps it alive while any view of it is in use.
/// </summary>
internal sealed unsafe class SharedMapping : IDisposable
{
    private nint _address;

    private SharedMapping(nint address, ulong length)
    {
        _address = address;
        Length = length;
    }

    public byte* Pointer => (byte*)_address;

    public ulong Length { get; }

    public bool IsMapped => _address != 0;

    /// <summary>Maps <paramref name="length"/> bytes of <paramref name="fd"/> from offset 0, readable and writable, shared.</summary>
    public static SharedMapping Map(FileDescriptor fd, ulong length, bool noReserve = false, bool shared = true, string what = "mmap")
    {
        if (length == 0 || length > long.MaxValue)
        {
            throw FileDescriptor.Failure(what, Errno.EINVAL);
        }

        var flags = (shared ? Libc.MAP_SHARED : Libc.MAP_PRIVATE) | (noReserve ? Libc.MAP_NORESERVE : 0);
        var address = Libc.mmap(null, (nuint)length, Libc.PROT_READ | Libc.PROT_WRITE, flags, fd.Fd, 0);
        if (address == Libc.MapFailed)
        {
            throw FileDescriptor.Failure(what, PosixError.Last);
        }

        return new SharedMapping((nint)address, length);
    }

    public void Dispose()
    {
        var address = Interlocked.Exchange(ref _address, 0);
        if (address != 0)
        {
            Libc.munmap((void*)address, (nuint)Length);
        }
    }
}

/// <summary>Creating the descriptors a memory backend maps: memfd_create, or a file on a path.</summary>
internal static unsafe class MemoryFiles
{
    /// <summary>memfd_create + ftruncate + seals, each failure worded as QEMU's util/memfd.c words it.</summary>
    public static FileDescriptor CreateMemfd(string name, ulong size, bool hugetlb, ulong hugetlbSize, bool seal)
    {
        var flags = Libc.MFD_CLOEXEC | (seal ? Libc.MFD_ALLOW_SEALING : 0);
        if (hugetlb)
        {
            flags |= Libc.MFD_HUGETLB;
            if (hugetlbSize != 0)
            {
                flags |= (uint)BitOperations.Log2(hugetlbSize) << Libc.MFD_HUGE_SHIFT;
            }
        }

        var nameBytes = Encoding.UTF8.GetBytes(name + "\0");
        int raw;
        fixed (byte* p = nameBytes)
        {
            raw = Libc.memfd_create(p, flags);
        }

        if (raw < 0)
        {
            throw FileDescriptor.Failure($"failed to create memfd with flags 0x{flags:x}", PosixError.Last);
        }

        var fd = new FileDescriptor(raw);
        if (Libc.ftruncate(fd.Fd, (long)size) != 0)
        {
            var errno = PosixError.Last;
            fd.Dispose();
            throw FileDescriptor.Failure($"failed to resize memfd to {size}", errno);
        }

        if (seal)
        {
            const int seals = Libc.F_SEAL_GROW | Libc.F_SEAL_SHRINK | Libc.F_SEAL_SEAL;
            if (Libc.fcntl(fd.Fd, Libc.F_ADD_SEALS, seals) != 0)
            {
                var errno = PosixError.Last;
                fd.Dispose();
                throw FileDescriptor.Failure($"failed to add seals 0x{seals:x}", errno);
            }
        }

        return fd;
    }

    /// <summary>
    /// memory-backend-file's file: a directory gets a fresh unlinked temporary file in it (QEMU's
    /// "qemu_back_mem.ID.XXXXXX"), anything else is opened or created; then sized when shorter.
    /// </summary>
    public static FileDescriptor OpenBackingFile(string path, string id, ulong size, bool readOnly)
    {
        var pathBytes = Encoding.UTF8.GetBytes(path + "\0");
        int raw;
        fixed (byte* p = pathBytes)
        {
            raw = Libc.open(p, (readOnly ? 0 : Libc.O_RDWR) | Libc.O_CLOEXEC, 0);
            if (raw < 0 && PosixError.Last == Errno.ENOENT && !readOnly)
            {
                raw = Libc.open(p, Libc.O_RDWR | Libc.O_CREAT | Libc.O_EXCL | Libc.O_CLOEXEC, Libc.DefaultFileMode);
            }
        }

        if (raw < 0 && PosixError.Last == Errno.EISDIR)
        {
            // EISDIR: a directory (hugetlbfs mount, /dev/shm): a temporary file inside it.
            var template = Encoding.UTF8.GetBytes($"{path.TrimEnd('/')}/qemu_back_mem.{id}.XXXXXX\0");
            fixed (byte* t = template)
            {
                raw = Libc.mkstemp(t);
                if (raw >= 0)
                {
                    Libc.unlink(t);
                    Libc.fcntl(raw, Libc.F_SETFD, Libc.FD_CLOEXEC);
                }
            }
        }

        if (raw < 0)
        {
            throw FileDescriptor.Failure($"can't open backing store {path} for guest RAM", PosixError.Last);
        }

        var fd = new FileDescriptor(raw);
        var (_, current) = fd.Stat();
        if ((ulong)current < size && !readOnly && Libc.ftruncate(fd.Fd, (long)size) != 0)
        {
            var errno = PosixError.Last;
            fd.Dispose();
            throw FileDescriptor.Failure($"can't resize backing store {path} to {size}", errno);
        }

        return fd;
    }
}
