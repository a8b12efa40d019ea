using System.Globalization;
using Qcrypto.Keys;
using Qcrypto.Posix;
using Qcrypto.Sev.Errors;
using Qcrypto.Sev.Files;
using Qcrypto.Sev.Interop;
using Qcrypto.Sev.Ovmf;
using Qcrypto.Sev.Software;

namespace Qcrypto.Sev.Launch;

/// <summary>
/// The VMM side of a guest on a software platform, kept beside the platform's guest contexts
/// (<c>vms/HANDLE/</c>) so that the launch and the secret injection can be separate processes: guest
/// RAM (QEMU's default 128 MiB, a sparse file, mode 0600), the firmware flash mapped below 4 GiB, the
/// OVMF table QEMU parsed from it, and the measurement QEMU recorded. Addresses outside RAM and flash
/// fail as QEMU's gpa2hva fails.
/// </summary>
public sealed class SoftwareMachine : IGuestMemory, IDisposable
{
    /// <summary>QEMU's default -m: 128 MiB of RAM from guest address 0.</summary>
    public const long RamSize = 128L << 20;

    /// <summary>The flash sits just below 4 GiB, as pflash unit 0 on a PC machine.</summary>
    public const long FlashTop = 1L << 32;

    private const string VmsDirectory = "vms";
    private const string MemoryFile = "memory.bin";
    private const string FlashFile = "flash.bin";
    private const string StateFile = "machine.json";
    private const int ReadWrite = 2; // O_RDWR

    private readonly int _memoryFd;
    private readonly int _flashFd;

    private SoftwareMachine(string directory, uint handle, int memoryFd, int flashFd, long flashSize, OvmfGuidTable table)
    {
        Directory = directory;
        Handle = handle;
        _memoryFd = memoryFd;
        _flashFd = flashFd;
        FlashSize = flashSize;
        Table = table;
    }

    public string Directory { get; }

    public uint Handle { get; }

    public long FlashSize { get; }

    public long FlashBase => FlashTop - FlashSize;

    public OvmfGuidTable Table { get; }

    /// <summary>A new machine for guest <paramref name="handle"/> of <paramref name="platform"/>, its flash holding <paramref name="firmware"/>.</summary>
    public static SoftwareMachine Create(SoftwarePsp platform, uint handle, ReadOnlySpan<byte> firmware)
    {
        var directory = PathOf(platform, handle);
        SevFiles.EnsureDirectory(Path.GetDirectoryName(directory)!, SevFiles.PrivateDirectoryMode);
        SevFiles.EnsureDirectory(directory, SevFiles.PrivateDirectoryMode);
        var memory = OpenFile(Path.Combine(directory, MemoryFile), create: true);
        var flash = OpenFile(Path.Combine(directory, FlashFile), create: true);
        var errno = Libc.Truncate(memory, RamSize);
        errno = errno != 0 ? errno : Libc.Truncate(flash, 0);
        errno = errno != 0 ? errno : Libc.WriteAt(flash, firmware, 0);
        if (errno != 0)
        {
            PosixFile.Close(memory);
            PosixFile.Close(flash);
            throw new SevException(SevErrorCodes.Platform, $"cannot write {directory}: {PosixFile.StrError(errno)}");
        }

        return new SoftwareMachine(directory, handle, memory, flash, firmware.Length, OvmfGuidTable.Parse(firmware));
    }

    /// <summary>The machine of guest <paramref name="handle"/>, as its launch left it.</summary>
    public static SoftwareMachine Open(SoftwarePsp platform, uint handle)
    {
        var directory = PathOf(platform, handle);
        if (!SevFiles.Exists(Path.Combine(directory, FlashFile)))
        {
            throw new SevException(SevErrorCodes.Platform, $"no VM with handle {handle} on the software platform {platform.Directory}",
                hint: "give the handle query-sev printed when the guest was launched");
        }

        var memory = OpenFile(Path.Combine(directory, MemoryFile), create: false);
        var flash = OpenFile(Path.Combine(directory, FlashFile), create: false);
        _ = PosixFile.Stat(flash, out var status);
        var firmware = new byte[status.Size];
        _ = Libc.ReadAt(flash, firmware, 0, out _);
        return new SoftwareMachine(directory, handle, memory, flash, status.Size, OvmfGuidTable.Parse(firmware));
    }

    /// <summary>The measurement QEMU recorded (query-sev-launch-measure's data), kept for a later VMM process.</summary>
    public string? Measurement
    {
        get
        {
            var path = Path.Combine(Directory, StateFile);
            return SevFiles.Exists(path)
                ? StateJson.Read(SevFiles.ReadPublic(path, "machine state"), path, root => root.TryGetProperty("measurement", out var m) ? m.GetString() : null)
                : null;
        }
    }

    /// <summary>Records the VMM's state after the launch.</summary>
    public void Save(SevLaunch launch) => new AtomicFileSet().Add(Path.Combine(Directory, StateFile), StateJson.Write(w =>
    {
        w.WriteNumber("handle", launch.Handle);
        w.WriteString("state", launch.State.QapiName());
        w.WriteBoolean("kernel-hashes", launch.KernelHashes);
        w.WriteString("launch-digest", Convert.ToHexStringLower(launch.LaunchDigest));
        if (launch.Measurement is { } m)
        {
            w.WriteString("measurement", m);
        }
    }), SevFiles.PublicMode).Commit();

    public bool KernelHashes
    {
        get
        {
            var path = Path.Combine(Directory, StateFile);
            return SevFiles.Exists(path) && StateJson.Read(SevFiles.ReadPublic(path, "machine state"), path, root => root.GetProperty("kernel-hashes").GetBoolean());
        }
    }

    public GuestRegion Map(ulong address, int length)
    {
        var (fd, offset, size) = address < (ulong)RamSize ? (_memoryFd, (long)address, RamSize)
            : address >= (ulong)FlashBase && address < (ulong)FlashTop ? (_flashFd, (long)address - FlashBase, FlashSize)
            : (-1, 0L, 0L);
        if (fd < 0)
        {
            throw new SevException(SevErrorCodes.GuestAddress, $"No memory is mapped at address 0x{address:x}",
                hint: $"RAM is 0x0..0x{RamSize - 1:x}; the flash 0x{FlashBase:x}..0x{FlashTop - 1:x}");
        }

        if (offset + length > size)
        {
            throw new SevException(SevErrorCodes.GuestAddress, $"Size of memory region at 0x{address:x} exceeded.");
        }

        return new FileRegion(fd, offset, address, length);
    }

    /// <summary>The guest's view of <paramref name="length"/> bytes at <paramref name="address"/>.</summary>
    public byte[] Read(ulong address, int length)
    {
        using var region = Map(address, length);
        return region.Span.ToArray();
    }

    /// <summary>Removes the machine's files (its guest is gone: a failed launch, a decommissioned guest).</summary>
    public void Delete()
    {
        foreach (var name in new[] { MemoryFile, FlashFile, StateFile })
        {
            _ = Libc.Unlink(Path.Combine(Directory, name));
        }

        _ = Libc.RemoveDirectory(Directory);
    }

    public void Dispose()
    {
        PosixFile.Close(_memoryFd);
        PosixFile.Close(_flashFd);
    }

    private static string PathOf(SoftwarePsp platform, uint handle) =>
        Path.Combine(platform.Directory, VmsDirectory, handle.ToString(CultureInfo.InvariantCulture));

    private static int OpenFile(string path, bool create)
    {
        var flags = ReadWrite | PosixFile.CloseOnExec | (create ? PosixFile.Create | PosixFile.Truncate : 0);
        var errno = PosixFile.Open(path, flags, SevFiles.PrivateMode, out var fd);
        return errno == 0 ? fd : throw new SevException(SevErrorCodes.Platform, $"cannot open {path}: {PosixFile.StrError(errno)}");
    }

    /// <summary>Guest memory read into a pinned buffer (it may receive a secret) and written back on commit.</summary>
    private sealed class FileRegion : GuestRegion
    {
        private readonly int _fd;
        private readonly long _offset;
        private readonly SecretBuffer _buffer;

        public FileRegion(int fd, long offset, ulong address, int length)
            : base(address)
        {
            _fd = fd;
            _offset = offset;
            _buffer = SecretBuffer.Allocate(length);
            var errno = Libc.ReadAt(fd, _buffer.WritableSpan, offset, out _);
            if (errno != 0)
            {
                _buffer.Dispose();
                throw new SevException(SevErrorCodes.Platform, $"cannot read guest memory: {PosixFile.StrError(errno)}");
            }
        }

        public override Span<byte> Span => _buffer.WritableSpan;

        public override void Commit()
        {
            var errno = Libc.WriteAt(_fd, _buffer.Span, _offset);
            if (errno != 0)
            {
                throw new SevException(SevErrorCodes.Platform, $"cannot write guest memory: {PosixFile.StrError(errno)}");
            }
        }

        public override void Dispose() => _buffer.Dispose();
    }
}
