namespace Qcrypto.Objects.Schema;

/// <summary>Property groups and checks shared by several object types (QAPI base types), in QAPI member order; the assemblies implementing such types build their schemas from them.</summary>
public static class CommonProperties
{
    /// <summary>MemoryBackendProperties, in QAPI order.</summary>
    public static IEnumerable<PropertySchema> MemoryBackend() =>
    [
        PropertySchema.Bool("dump", "include the memory in core dumps"),
        PropertySchema.Of(PropertyKind.UInt16List, "host-nodes", "NUMA host nodes to bind the memory to (e.g. 0-3)"),
        PropertySchema.Bool("merge", "mark the memory as mergeable (KSM)"),
        PropertySchema.Enum("policy", "HostMemPolicy", "NUMA policy", "default", "preferred", "bind", "interleave") with { Default = "default" },
        PropertySchema.Bool("prealloc", "preallocate memory") with { Default = "off" },
        PropertySchema.Of(PropertyKind.UInt32, "prealloc-threads", "number of threads used to preallocate") with { Default = "1" },
        PropertySchema.Str("prealloc-context", "thread-context object used to preallocate") with { LinkTo = "thread-context" },
        PropertySchema.Bool("share", "share the memory with other processes") with { Default = "off" },
        PropertySchema.Bool("reserve", "reserve swap space (or huge pages)") with { Default = "on" },
        PropertySchema.Of(PropertyKind.Size, "size", "size of the memory region (suffixes k, M, G, T, P, E)") with { Required = true },
        PropertySchema.Bool("x-use-canonical-path-for-ramblock-id", "compatibility flag"),
    ];

    /// <summary>NetfilterProperties, in QAPI order.</summary>
    public static IEnumerable<PropertySchema> NetFilter() =>
    [
        PropertySchema.Str("netdev", "id of the network backend to filter") with { Required = true },
        PropertySchema.Enum("queue", "NetFilterDirection", "which queue(s) to filter", "all", "rx", "tx") with { Default = "all" },
        PropertySchema.Str("status", "\"on\" (enabled) or \"off\"") with { Default = "on" },
        PropertySchema.Str("position", "head, tail or id=<id>") with { Default = "tail" },
        PropertySchema.Enum("insert", "NetfilterInsert", "before or behind the filter named by position", "before", "behind") with { Default = "behind" },
    ];

    /// <summary>
    /// netfilter_complete's position check (net/filter.c): after the netdev lookup and before the type's
    /// own setup, "head", "tail" or "id=ID" naming a filter of the same netdev created before this one.
    /// </summary>
    public static CompletionCheck NetFilterPosition() => new((v, registry) =>
    {
        var position = v.TryGetValue("position", out var p) ? p.Text : "tail";
        if (position is "head" or "tail")
        {
            return null;
        }

        if (!position.StartsWith("id=", StringComparison.Ordinal))
        {
            return ("position", "Parameter 'position' expects 'head', 'tail' or 'id=<id>'");
        }

        var id = position[3..];
        if (registry is null)
        {
            return null;
        }

        var target = registry.Find(id);
        if (target is null || !target.TypeName.StartsWith("filter-", StringComparison.Ordinal))
        {
            // A non-filter object there makes QEMU 7.2 abort (NETFILTER() cast); we report it as missing.
            return ("position", $"filter '{id}' not found");
        }

        return target.Get("netdev")?.Text == v["netdev"].Text ? null : ("position", $"filter '{id}' belongs to a different netdev");
    });

    /// <summary>host-nodes elements must be below MAX_NODES (128); the first one that is not is named.</summary>
    public static PropertyCheck HostNodesBelowMaxNodes() =>
        new("host-nodes", v => v.List!.FirstOrDefault(n => n >= MaxNodes) is var bad and >= MaxNodes ? $"Invalid host-nodes value: {bad}" : null);

    /// <summary>A memory backend's NUMA policy needs host-nodes, and policy default refuses them (checked at completion).</summary>
    public static CompletionCheck HostNodesMatchPolicy() => new(v =>
    {
        var nodes = v.TryGetValue("host-nodes", out var n) && n.List!.Count > 0;
        var policy = v.TryGetValue("policy", out var p) ? p.Text : "default";
        return (nodes, policy) switch
        {
            (true, "default") => ("host-nodes", "host-nodes must be empty for policy default, or you should explicitly specify a policy other than default"),
            (false, not "default") => ("policy", $"host-nodes must be set for policy {policy}"),
            _ => null,
        };
    });

    /// <summary>
    /// qemu_memfd_create refuses a hugetlbsize that is not a power of two, even with hugetlb off. It
    /// tests 1 &lt;&lt; ctz64(size) == size only when ctz64 is not 0, so odd sizes pass.
    /// </summary>
    public static CompletionCheck HugepagePowerOfTwo() => new(v =>
    {
        if (!v.TryGetValue("hugetlbsize", out var value))
        {
            return null;
        }

        var size = (ulong)value.Number;
        var shift = size == 0 ? 0 : (int)ulong.TrailingZeroCount(size);
        return shift != 0 && 1UL << shift != size ? ("hugetlbsize", "Hugepage size must be a power of 2") : null;
    });

    /// <summary>QEMU's MAX_NODES: NUMA node numbers from 0 to 127.</summary>
    private const int MaxNodes = 128;
}
