namespace Qcrypto.Objects.Schema;

/// <summary>
/// The schema of the <c>-object</c> types of the seed reference that Qcrypto.Secrets owns: its own
/// <c>secret</c> and <c>secret_keyring</c>, and the families no assembly implements (memory backends,
/// net filters, colo-compare, iothread), as QEMU 7.2 declares them
/// in qapi/qom.json: member order, QAPI types, mandatory members, and the setter/completion checks QEMU
/// makes before it would touch any host resource. Every other type's schema lives with the assembly that
/// implements its family (rng-* in Qcrypto.Secrets' Rng, tls-creds-* and authz-* in
/// Qcrypto.Tls, cryptodev-* in Qcrypto.Cryptodev, sev-guest in Qcrypto.Sev).
/// </summary>
public static class SeedSchemas
{
    /// <summary>The schema-only types (<c>secret</c> and <c>secret_keyring</c> are registered with their implementations).</summary>
    public static IReadOnlyList<ObjectTypeSchema> All { get; } = Build();

    private static List<ObjectTypeSchema> Build() =>
    [
        .. MemoryBackends(),
        .. NetFilters(),
        ColoCompare(),
        IoThread(),
    ];

    private static IEnumerable<ObjectTypeSchema> MemoryBackends() =>
        [MemoryBackendSchemas.Ram(), MemoryBackendSchemas.File(), MemoryBackendSchemas.Memfd()];

    private static IEnumerable<ObjectTypeSchema> NetFilters()
    {
        var vnetHdr = PropertySchema.Bool("vnet_hdr_support", "packets carry a vnet header") with { Default = "off" };
        // netfilter_set_status checks when set; the position is checked by netfilter_complete, before the
        // type's own setup (redirector's indev/outdev checks).
        var common = new[]
        {
            new PropertyCheck("status", v => v.Text is "on" or "off" ? null : "Invalid value for netfilter status, should be 'on' or 'off'"),
        };
        var position = CommonProperties.NetFilterPosition();

        yield return new ObjectTypeSchema("filter-buffer", "delays packets on a netdev by an interval", [
            .. CommonProperties.NetFilter(),
            PropertySchema.Of(PropertyKind.UInt32, "interval", "interval in microseconds (non-zero)") with { Required = true },
        ])
        {
            SetterChecks = [.. common, PropertyCheck.Positive("filter-buffer", "interval")],
            CompletionChecks = [position],
        };
        yield return new ObjectTypeSchema("filter-dump", "dumps a netdev's traffic to a pcap file", [
            .. CommonProperties.NetFilter(),
            PropertySchema.Str("file", "pcap file to write") with { Required = true },
            PropertySchema.Of(PropertyKind.UInt32, "maxlen", "bytes stored per packet") with { Default = "65536" },
        ])
        { SetterChecks = [.. common, PropertyCheck.NotZero("filter-dump", "maxlen")], CompletionChecks = [position] };
        yield return new ObjectTypeSchema("filter-mirror", "mirrors a netdev's packets to a chardev", [
            .. CommonProperties.NetFilter(),
            PropertySchema.Str("outdev", "id of the chardev receiving the copies") with { Required = true },
            vnetHdr,
        ])
        { SetterChecks = common, CompletionChecks = [position] };
        yield return new ObjectTypeSchema("filter-redirector", "redirects a netdev's packets to/from chardevs", [
            .. CommonProperties.NetFilter(),
            PropertySchema.Str("indev", "id of the chardev packets come from"),
            PropertySchema.Str("outdev", "id of the chardev packets go to"),
            vnetHdr,
        ])
        {
            SetterChecks = common,
            CompletionChecks =
            [
                position,
                new CompletionCheck(v => !v.ContainsKey("indev") && !v.ContainsKey("outdev")
                    ? (null, "filter redirector needs 'indev' or 'outdev' at least one property set") : null),
                new CompletionCheck(v => v.TryGetValue("indev", out var i) && v.TryGetValue("outdev", out var o) && i.Text == o.Text
                    ? ("indev", "'indev' and 'outdev' could not be same for filter redirector") : null),
            ],
        };
        yield return new ObjectTypeSchema("filter-rewriter", "COLO: rewrites TCP packets between primary and secondary", [
            .. CommonProperties.NetFilter(),
            vnetHdr,
        ])
        { SetterChecks = common, CompletionChecks = [position] };
    }

    private static ObjectTypeSchema ColoCompare() => new(
        "colo-compare",
        "COLO: compares primary and secondary packets",
        [
            PropertySchema.Str("primary_in", "chardev of the primary input") with { Required = true },
            PropertySchema.Str("secondary_in", "chardev of the secondary input") with { Required = true },
            PropertySchema.Str("outdev", "chardev for output") with { Required = true },
            PropertySchema.Str("iothread", "iothread to run in") with { Required = true, LinkTo = "iothread" },
            PropertySchema.Str("notify_dev", "chardev to notify Xen COLO"),
            PropertySchema.Of(PropertyKind.UInt64, "compare_timeout", "ms to hold a primary packet") with { Default = "3000" },
            PropertySchema.Of(PropertyKind.UInt32, "expired_scan_cycle", "ms between scans for expired packets") with { Default = "3000" },
            PropertySchema.Of(PropertyKind.UInt32, "max_queue_size", "packets kept for comparison") with { Default = "1024" },
            PropertySchema.Bool("vnet_hdr_support", "packets carry a vnet header") with { Default = "off" },
        ])
    {
        // net/colo-compare.c: the timers and queue size refuse 0 when set; completion then refuses a chardev
        // used twice before it looks the chardevs up. (QEMU 7.2 aborts while cleaning up after any of these.)
        SetterChecks =
        [
            PropertyCheck.Positive("colo-compare", "compare_timeout"),
            PropertyCheck.Positive("colo-compare", "expired_scan_cycle"),
            PropertyCheck.Positive("colo-compare", "max_queue_size"),
        ],
        CompletionChecks =
        [
            new CompletionCheck(v => v["primary_in"].Text == v["outdev"].Text || v["secondary_in"].Text == v["outdev"].Text
                || v["primary_in"].Text == v["secondary_in"].Text ? ("outdev", "'indev' and 'outdev' could not be same for compare module") : null),
        ],
    };

    private static ObjectTypeSchema IoThread()
    {
        string[] names = ["aio-max-batch", "thread-pool-min", "thread-pool-max", "poll-max-ns", "poll-grow", "poll-shrink"];
        return new ObjectTypeSchema(
            "iothread",
            "a separate event-loop thread",
            [.. names.Select(n => PropertySchema.Of(PropertyKind.Int64, n, n.Replace('-', ' ')))])
        {
            SetterChecks = [.. names.Select(n => new PropertyCheck(n, v => v.Number < 0 ? $"{n} value must be in range [0, {long.MaxValue}]" : null))],
            CompletionChecks =
            [
                // aio_context_set_thread_pool_params, with event-loop-base's defaults min 0, max 64.
                new CompletionCheck(v =>
                {
                    var min = v.TryGetValue("thread-pool-min", out var a) ? a.Number : 0;
                    var max = v.TryGetValue("thread-pool-max", out var b) ? b.Number : 64;
                    return min > max || max == 0 || min > int.MaxValue || max > int.MaxValue
                        ? (null, "bad thread-pool-min/thread-pool-max values") : null;
                }),
            ],
        };
    }
}
