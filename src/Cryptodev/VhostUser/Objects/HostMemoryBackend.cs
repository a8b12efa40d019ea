using Qcrypto.Cryptodev.Interop;
using Qcrypto.Errors;
using Qcrypto.Objects;
using Qcrypto.Objects.Schema;
using Qcrypto.Posix;

namespace Qcrypto.Cryptodev.VhostUser.Objects;

/// <summary>
/// Base of the memory backends qcrypto runs (QEMU's TYPE_MEMORY_BACKEND): a file descriptor holding
/// <see cref="Size"/> bytes, mapped when the object completes. With share=on the mapping is shared
/// and the descriptor can be handed to a vhost-user back-end (what cryptodev-vhost-user's memdev=
/// does). Honoured: size, share, prealloc (every page touched), reserve=off (MAP_NORESERVE); the NUMA
/// and dump/merge properties are checked as QEMU checks them and otherwise left to the kernel.
/// </summary>
public abstract unsafe class HostMemoryBackend : UserCreatable
{
    private FileDescriptor? _fd;
    private SharedMapping? _mapping;

    protected HostMemoryBackend(ObjectType type, string id)
        : base(type, id)
    {
    }

    public ulong Size { get; private set; }

    public bool IsShared { get; private set; }

    internal FileDescriptor Descriptor => _fd ?? throw new InvalidOperationException($"memory backend '{Id}' is not allocated");

    internal SharedMapping Mapping => _mapping ?? throw new InvalidOperationException($"memory backend '{Id}' is not allocated");

    /// <summary>A view of [offset, +length) of the memory (the guest RAM an emulator reads and writes).</summary>
    public Span<byte> GetSpan(ulong offset, int length)
    {
        var mapping = Mapping;
        if (length < 0 || offset > mapping.Length || (ulong)length > mapping.Length - offset)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"[{offset}, +{length}) is outside memory backend '{Id}' ({mapping.Length} bytes)");
        }

        return new Span<byte>(mapping.Pointer + offset, length);
    }

    /// <summary>Creates the descriptor (memfd_create, or the mem-path file), worded as QEMU words its failures.</summary>
    private protected abstract FileDescriptor Allocate(ulong size);

    protected override void OnPropertySet(PropertySchema property, PropertyValue value)
    {
        switch (property.Name)
        {
            case "size":
                Size = value.AsUInt64;
                break;
            case "share":
                IsShared = value.Flag;
                break;
        }
    }

    protected override void OnComplete(ObjectRegistry registry)
    {
        foreach (var check in Type.Schema.CompletionChecks)
        {
            var values = Values.ToDictionary(v => v.Property.Name, v => v.Value, StringComparer.Ordinal);
            if (check.Check(values) is { } failure)
            {
                throw new ObjectException(ErrorCodes.ObjectInvalid, failure.Message, Id, failure.Property);
            }
        }

        try
        {
            _fd = Allocate(Size);
            var reserve = Get("reserve") is not { } r || r.Flag;
            _mapping = SharedMapping.Map(_fd, Size, noReserve: !reserve, shared: IsShared, what: "unable to map backing store for guest RAM");
        }
        catch (PosixException e)
        {
            _fd?.Dispose();
            _fd = null;
            throw new ObjectException(ErrorCodes.ObjectInvalid, e.Message, Id, "size");
        }

        if (Get("prealloc") is { Flag: true })
        {
            // QEMU's os_mem_prealloc: touch every page so the guest never waits for one.
            for (ulong page = 0; page < Size; page += 4096)
            {
                _mapping.Pointer[page] = 0;
            }
        }
    }

    protected override void OnDispose()
    {
        _mapping?.Dispose();
        _mapping = null;
        _fd?.Dispose();
        _fd = null;
    }
}

/// <summary>memory-backend-memfd: anonymous memory in a memfd (sealed against resizing with seal=on, huge pages with hugetlb=on).</summary>
public sealed class MemoryBackendMemfd : HostMemoryBackend
{
    public const string QomType = "memory-backend-memfd";

    private MemoryBackendMemfd(ObjectType type, string id)
        : base(type, id)
    {
    }

    public static ObjectType Definition { get; } = new(MemoryBackendSchemas.Memfd(), (type, id) => new MemoryBackendMemfd(type, id));

    private protected override FileDescriptor Allocate(ulong size) => MemoryFiles.CreateMemfd(
        $"memory-backend-memfd-{Id}",
        size,
        Get("hugetlb") is { Flag: true },
        Get("hugetlbsize") is { } h ? h.AsUInt64 : 0,
        Get("seal") is not { } s || s.Flag);
}

/// <summary>memory-backend-file: memory backed by mem-path (a file, or a fresh file in a directory such as /dev/shm or a hugetlbfs mount).</summary>
public sealed class MemoryBackendFile : HostMemoryBackend
{
    public const string QomType = "memory-backend-file";

    private MemoryBackendFile(ObjectType type, string id)
        : base(type, id)
    {
    }

    public static ObjectType Definition { get; } = new(MemoryBackendSchemas.File(), (type, id) => new MemoryBackendFile(type, id));

    private protected override FileDescriptor Allocate(ulong size) =>
        MemoryFiles.OpenBackingFile(Get("mem-path")!.Value.Text, Id, size, Get("readonly") is { Flag: true });
}
