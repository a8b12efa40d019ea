namespace Qcrypto.Objects.Schema;

/// <summary>
/// QEMU 7.2's memory-backend-ram/-file/-memfd schemas (qapi/qom.json members, the setter and completion
/// checks QEMU makes before it maps anything): one definition, used by the schema-only seed entries and by
/// the memory backends Qcrypto.Cryptodev runs for vhost-user.
/// </summary>
public static class MemoryBackendSchemas
{
    /// <summary>memory-backend-ram.</summary>
    public static ObjectTypeSchema Ram() => Schema("memory-backend-ram", "anonymous memory backing guest RAM", []);

    /// <summary>memory-backend-file.</summary>
    public static ObjectTypeSchema File() => Schema("memory-backend-file", "file-backed memory (huge pages, shared memory)", [
        PropertySchema.Of(PropertyKind.Size, "align", "base alignment of the mapping"),
        PropertySchema.Bool("discard-data", "discard the file contents when QEMU exits"),
        PropertySchema.Str("mem-path", "file, or directory on hugetlbfs/tmpfs, backing the memory") with { Required = true },
        PropertySchema.Bool("pmem", "the file is on persistent memory"),
        PropertySchema.Bool("readonly", "map the file read-only"),
    ]);

    /// <summary>memory-backend-memfd.</summary>
    public static ObjectTypeSchema Memfd() => Schema("memory-backend-memfd", "anonymous memfd memory, shareable with vhost-user processes", [
        PropertySchema.Bool("hugetlb", "use hugetlbfs"),
        PropertySchema.Of(PropertyKind.Size, "hugetlbsize", "huge page size"),
        PropertySchema.Bool("seal", "seal the memfd against resizing") with { Default = "on" },
    ]);

    private static ObjectTypeSchema Schema(string name, string description, PropertySchema[] extra)
    {
        var memfd = name == "memory-backend-memfd";
        return new ObjectTypeSchema(name, description, [.. CommonProperties.MemoryBackend(), .. extra])
        {
            SetterChecks =
            [
                new PropertyCheck("size", v => v.Number == 0 ? $"property 'size' of {name} doesn't take value '0'" : null),
                new PropertyCheck("prealloc-threads", v => v.Number == 0 ? $"property 'prealloc-threads' of {name} doesn't take value '0'" : null),
                CommonProperties.HostNodesBelowMaxNodes(),
                .. memfd ? [PropertyCheck.NotZero(name, "hugetlbsize")] : Array.Empty<PropertyCheck>(),
            ],
            // memfd's allocation (qemu_memfd_create) checks the page size before the NUMA policy is.
            CompletionChecks = [.. memfd ? [CommonProperties.HugepagePowerOfTwo()] : Array.Empty<CompletionCheck>(), CommonProperties.HostNodesMatchPolicy()],
        };
    }
}
