namespace Qcrypto.Objects.Schema;

/// <summary>
/// The schema of every <c>-object</c> type of the seed reference (and the authz types TLS uses), as
/// QEMU 7.2 declares them in qapi/qom.json: member order, QAPI types, mandatory members, and the
/// setter/completion checks QEMU makes before it would touch any host resource. Types whose
/// implementation owns its schema are not here (sev-guest: Qcrypto.Sev's SevGuest).
/// </summary>
public static class SeedSchemas
{
    public static IReadOnlyList<ObjectTypeSchema> All { get; } = Build();

    /// <summary>The schema of <paramref name="type"/> (for assemblies implementing a seed type).</summary>
    public static ObjectTypeSchema Get(string type) => All.First(s => s.Name == type);

    private static List<ObjectTypeSchema> Build() =>
    [
        .. MemoryBackends(),
        .. RandomNumberGenerators(),
        .. TlsCredentials(),
        .. NetFilters(),
        ColoCompare(),
        .. Cryptodevs(),
        Secret(),
        SecretKeyring(),
        IoThread(),
        .. Authz(),
    ];

    public static ObjectTypeSchema Secret() => new(
        "secret",
        "a password, key or other secret, inline (data) or from a file, optionally AES-256-CBC encrypted",
        [
            .. CommonProperties.SecretCommon("secret"),
            PropertySchema.Str("data", "the secret itself (insecure unless encrypted with keyid)") with { IsSensitive = true },
            PropertySchema.Str("file", "file holding the secret, used byte for byte"),
        ]);

    public static ObjectTypeSchema SecretKeyring() => new(
        "secret_keyring",
        "a secret read from a Linux kernel keyring key",
        [
            .. CommonProperties.SecretCommon("secret_keyring"),
            PropertySchema.Of(PropertyKind.Int32, "serial", "serial number of the kernel key (keyctl show)") with { Required = true },
        ])
    {
        SetterChecks = [new PropertyCheck("serial", v => v.Number == 0 ? "'serial' should not be equal to 0" : null)],
    };

    private static IEnumerable<ObjectTypeSchema> MemoryBackends()
    {
        foreach (var (name, extra, description) in new (string, PropertySchema[], string)[]
        {
            ("memory-backend-ram", [], "anonymous memory backing guest RAM"),
            ("memory-backend-file", [
                PropertySchema.Of(PropertyKind.Size, "align", "base alignment of the mapping"),
                PropertySchema.Bool("discard-data", "discard the file contents when QEMU exits"),
                PropertySchema.Str("mem-path", "file, or directory on hugetlbfs/tmpfs, backing the memory") with { Required = true },
                PropertySchema.Bool("pmem", "the file is on persistent memory"),
                PropertySchema.Bool("readonly", "map the file read-only"),
            ], "file-backed memory (huge pages, shared memory)"),
            ("memory-backend-memfd", [
                PropertySchema.Bool("hugetlb", "use hugetlbfs"),
                PropertySchema.Of(PropertyKind.Size, "hugetlbsize", "huge page size"),
                PropertySchema.Bool("seal", "seal the memfd against resizing") with { Default = "on" },
            ], "anonymous memfd memory, shareable with vhost-user processes"),
        })
        {
            var memfd = name == "memory-backend-memfd";
            yield return new ObjectTypeSchema(name, description, [.. CommonProperties.MemoryBackend(), .. extra])
            {
                SetterChecks =
                [
                    new PropertyCheck("size", v => v.Number == 0 ? $"property 'size' of {name} doesn't take value '0'" : null),
                    new PropertyCheck("prealloc-threads", v => v.Number == 0 ? $"property 'prealloc-threads' of {name} doesn't take value '0'" : null),
                    CommonProperties.HostNodesBelowMaxNodes(),
                    .. memfd ? [CommonProperties.NotZero(name, "hugetlbsize")] : Array.Empty<PropertyCheck>(),
                ],
                // memfd's allocation (qemu_memfd_create) checks the page size before the NUMA policy is.
                CompletionChecks = [.. memfd ? [CommonProperties.HugepagePowerOfTwo()] : Array.Empty<CompletionCheck>(), CommonProperties.HostNodesMatchPolicy()],
            };
        }
    }

    private static IEnumerable<ObjectTypeSchema> RandomNumberGenerators()
    {
        PropertySchema Opened(string type) =>
            PropertySchema.Bool("opened", $"deprecated, read-only ('{type}.opened' is not writable)") with { IsReadOnly = true };

        yield return new ObjectTypeSchema("rng-builtin", "entropy from QEMU's own generator", [Opened("rng-builtin")]);
        yield return new ObjectTypeSchema("rng-egd", "entropy from an EGD daemon behind a chardev", [
            Opened("rng-egd"),
            PropertySchema.Str("chardev", "id of the chardev connected to the daemon") with { Required = true },
        ]);
        yield return new ObjectTypeSchema("rng-random", "entropy from a host device", [
            Opened("rng-random"),
            PropertySchema.Str("filename", "entropy source") with { Default = "/dev/urandom" },
        ]);
    }

    private static IEnumerable<ObjectTypeSchema> TlsCredentials()
    {
        yield return new ObjectTypeSchema("tls-creds-anon", "anonymous (unauthenticated) TLS credentials", [.. CommonProperties.TlsCreds("tls-creds-anon")]);
        yield return new ObjectTypeSchema("tls-creds-psk", "TLS pre-shared key credentials (dir/keys.psk)", [
            .. CommonProperties.TlsCreds("tls-creds-psk"),
            PropertySchema.Str("username", "client only: the PSK identity to send") with { Default = "qemu" },
        ]);
        yield return new ObjectTypeSchema("tls-creds-x509", "TLS x509 certificate credentials (dir/ca-cert.pem, ...)", [
            .. CommonProperties.TlsCreds("tls-creds-x509"),
            PropertySchema.Bool("sanity-check", "check the certificates when loading") with { Default = "on" },
            PropertySchema.Str("passwordid", "id of a secret holding the private key's password"),
        ]);
    }

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
            SetterChecks = [.. common, CommonProperties.Positive("filter-buffer", "interval")],
            CompletionChecks = [position],
        };
        yield return new ObjectTypeSchema("filter-dump", "dumps a netdev's traffic to a pcap file", [
            .. CommonProperties.NetFilter(),
            PropertySchema.Str("file", "pcap file to write") with { Required = true },
            PropertySchema.Of(PropertyKind.UInt32, "maxlen", "bytes stored per packet") with { Default = "65536" },
        ])
        { SetterChecks = [.. common, CommonProperties.NotZero("filter-dump", "maxlen")], CompletionChecks = [position] };
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
            CommonProperties.Positive("colo-compare", "compare_timeout"),
            CommonProperties.Positive("colo-compare", "expired_scan_cycle"),
            CommonProperties.Positive("colo-compare", "max_queue_size"),
        ],
        CompletionChecks =
        [
            new CompletionCheck(v => v["primary_in"].Text == v["outdev"].Text || v["secondary_in"].Text == v["outdev"].Text
                || v["primary_in"].Text == v["secondary_in"].Text ? ("outdev", "'indev' and 'outdev' could not be same for compare module") : null),
        ],
    };

    private static IEnumerable<ObjectTypeSchema> Cryptodevs()
    {
        PropertySchema Queues() => PropertySchema.Of(PropertyKind.UInt32, "queues", "number of queues") with { Default = "1" };

        // The abstract parent: QEMU 7.2 still creates it from -object (it does nothing).
        yield return new ObjectTypeSchema("cryptodev-backend", "the generic virtio-crypto backend (does nothing)", [Queues()])
        {
            SetterChecks = [CommonProperties.NotZero("cryptodev-backend", "queues")],
        };
        yield return new ObjectTypeSchema("cryptodev-backend-builtin", "virtio-crypto backend computing in the emulator", [Queues()])
        {
            SetterChecks = [CommonProperties.NotZero("cryptodev-backend-builtin", "queues")],
            CompletionChecks =
            [
                new CompletionCheck(v => v.TryGetValue("queues", out var q) && q.Number != 1
                    ? ("queues", "Only support one queue in cryptdov-builtin backend") : null),
            ],
        };
        yield return new ObjectTypeSchema("cryptodev-vhost-user", "virtio-crypto backend in a vhost-user process", [
            Queues(),
            PropertySchema.Str("chardev", "id of the unix socket chardev to the vhost-user server") with { Required = true },
        ])
        {
            SetterChecks = [CommonProperties.NotZero("cryptodev-vhost-user", "queues")],
        };
    }

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

    private static IEnumerable<ObjectTypeSchema> Authz()
    {
        yield return new ObjectTypeSchema("authz-simple", "allows exactly one identity", [
            PropertySchema.Str("identity", "the identity (e.g. x509 DN) allowed") with { Required = true },
        ]);
        yield return new ObjectTypeSchema("authz-list", "allow/deny rules checked in order", [
            PropertySchema.Enum("policy", "QAuthZListPolicy", "result when no rule matches", "deny", "allow") with { Default = "deny" },
        ]);
        yield return new ObjectTypeSchema("authz-listfile", "allow/deny rules from a JSON file", [
            PropertySchema.Str("filename", "JSON rules file") with { Required = true },
            PropertySchema.Bool("refresh", "reload the file when it changes"),
        ]);
        yield return new ObjectTypeSchema("authz-pam", "PAM account check", [
            PropertySchema.Str("service", "PAM service name") with { Required = true },
        ]);
    }
}
