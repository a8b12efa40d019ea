using Qcrypto.Objects.Schema;

namespace Qcrypto.Cryptodev.VhostUser.Objects;

/// <summary>
/// The schemas of the memory backends qcrypto runs, QEMU 7.2's properties and checks (they replace
/// the schema-only seed entries when <see cref="VhostUserObjectTypes.AddVhostUser"/> registers them).
/// </summary>
internal static class MemorySchemas
{
    public static ObjectTypeSchema Memfd() => Schema(MemoryBackendMemfd.QomType, "anonymous memfd memory, shareable with vhost-user processes", [
        PropertySchema.Bool("hugetlb", "use hugetlbfs"),
        PropertySchema.Of(PropertyKind.Size, "hugetlbsize", "huge page size"),
        PropertySchema.Bool("seal", "seal the memfd against resizing") with { Default = "on" },
    ]);

    public static ObjectTypeSchema File() => Schema(MemoryBackendFile.QomType, "file-backed memory (huge pages, shared memory)", [
        PropertySchema.Of(PropertyKind.Size, "align", "base alignment of the mapping"),
        PropertySchema.Bool("discard-data", "discard the file contents when QEMU exits"),
        PropertySchema.Str("mem-path", "file, or directory on hugetlbfs/tmpfs, backing the memory") with { Required = true },
        PropertySchema.Bool("pmem", "the file is on persistent memory"),
        PropertySchema.Bool("readonly", "map the file read-only"),
    ]);

    private static ObjectTypeSchema Schema(string name, string description, PropertySchema[] extra)
    {
        var memfd = name == MemoryBackendMemfd.QomType;
        return new ObjectTypeSchema(name, description, [.. CommonProperties.MemoryBackend(), .. extra])
        {
            SetterChecks =
            [
                new PropertyCheck("size", v => v.Number == 0 ? $"property 'size' of {name} doesn't take value '0'" : null),
                new PropertyCheck("prealloc-threads", v => v.Number == 0 ? $"property 'prealloc-threads' of {name} doesn't take value '0'" : null),
                CommonProperties.HostNodesBelowMaxNodes(),
                .. memfd ? [PropertyCheck.NotZero(name, "hugetlbsize")] : Array.Empty<PropertyCheck>(),
            ],
            CompletionChecks = [.. memfd ? [CommonProperties.HugepagePowerOfTwo()] : Array.Empty<CompletionCheck>(), CommonProperties.HostNodesMatchPolicy()],
        };
    }
}
