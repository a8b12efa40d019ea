namespace Qcrypto.Objects.Schema;

/// <summary>
/// The QAPI options (qapi/qom.json as Debian's QEMU 7.2 introspects them, query-qmp-schema) of the
/// object types QEMU 7.2 accepts outside the seed. qcrypto does not model these types: their options are
/// checked exactly as QEMU's options visitor checks them, so that a line's option errors, the option QEMU
/// names and the order of errors across lines agree; what QEMU does when it creates them is not modelled.
/// The families other assemblies implement keep their QEMU-only members there (tls-cipher-suites in
/// Qcrypto.Tls, cryptodev-backend-lkcf in Qcrypto.Cryptodev).
/// </summary>
public static class QemuOnlySchemas
{
    /// <summary>Types with a QOM class in QEMU 7.2 (Debian's qemu-system-x86_64).</summary>
    public static IReadOnlyList<ObjectTypeSchema> WithClass { get; } =
    [
        new("can-bus", "CAN bus emulation", []),
        new("can-host-socketcan", "connects a can-bus to a host SocketCAN interface", [
            PropertySchema.Str("if", "host SocketCAN interface") with { Required = true },
            PropertySchema.Str("canbus", "id of the can-bus object") with { Required = true },
        ]),
        new("dbus-vmstate", "migrates VM state of D-Bus helpers", [
            PropertySchema.Str("addr", "D-Bus address") with { Required = true },
            PropertySchema.Str("id-list", "comma separated D-Bus ids of helpers"),
        ]),
        new("filter-replay", "record/replay of a netdev's packets", [.. CommonProperties.NetFilter()]),
        new("input-barrier", "input from a Barrier server", [
            PropertySchema.Str("name", "screen name in barrier.conf") with { Required = true },
            PropertySchema.Str("server", "Barrier server host"),
            PropertySchema.Str("port", "Barrier server port"),
            PropertySchema.Str("x-origin", "x of the leftmost pixel"),
            PropertySchema.Str("y-origin", "y of the topmost pixel"),
            PropertySchema.Str("width", "screen width"),
            PropertySchema.Str("height", "screen height"),
        ]),
        new("input-linux", "input from a host evdev device", [
            PropertySchema.Str("evdev", "host evdev device") with { Required = true },
            PropertySchema.Bool("grab_all", "grab all devices"),
            PropertySchema.Bool("repeat", "auto-repeat events"),
            PropertySchema.Enum("grab-toggle", "GrabToggleKeys", "keys toggling the grab",
                "ctrl-ctrl", "alt-alt", "shift-shift", "meta-meta", "scrolllock", "ctrl-scrolllock"),
        ]),
        new("main-loop", "the main event loop's parameters", [
            PropertySchema.Of(PropertyKind.Int64, "aio-max-batch", "aio max batch"),
            PropertySchema.Of(PropertyKind.Int64, "thread-pool-min", "thread pool min"),
            PropertySchema.Of(PropertyKind.Int64, "thread-pool-max", "thread pool max"),
        ]),
        new("pr-manager-helper", "persistent reservations through qemu-pr-helper", [
            PropertySchema.Str("path", "socket of the helper") with { Required = true },
        ]),
        new("qtest", "the qtest protocol on a chardev", [
            PropertySchema.Str("chardev", "chardev id") with { Required = true },
            PropertySchema.Str("log", "log file"),
        ]),
        new("thread-context", "CPU/NUMA affinity for threads created through it", [
            PropertySchema.Of(PropertyKind.UInt16List, "cpu-affinity", "host CPUs"),
            PropertySchema.Of(PropertyKind.UInt16List, "node-affinity", "host NUMA nodes"),
        ]),
        ThrottleGroup(),
        new("x-remote-object", "multi-process QEMU: a device served by this process", [
            PropertySchema.Str("fd", "file descriptor name") with { Required = true },
            PropertySchema.Str("devid", "device id") with { Required = true },
        ]),
    ];

    /// <summary>Names QEMU 7.2's -object parser accepts although Debian's x86 build has no class for them.</summary>
    public static IReadOnlyList<ObjectTypeSchema> WithoutClass { get; } =
    [
        new("memory-backend-epc", "SGX enclave page cache memory", [.. CommonProperties.MemoryBackend()]),
        new("pef-guest", "POWER protected execution guest", []),
        new("s390-pv-guest", "s390 protected virtualization guest", []),
        // The socket is a QAPI union read as top-level options: its discriminator "type" is checked, the members
        // of each kind of socket (path, host, port, cid, str, ...) are not described here.
        new("x-vfio-user-server", "vfio-user server", [
            PropertySchema.Enum("type", "SocketAddressType", "socket kind", "inet", "unix", "vsock", "fd") with { Required = true },
            PropertySchema.Str("device", "device id") with { Required = true },
        ])
        {
            ChecksOptions = false,
        },
    ];

    /// <summary>
    /// throttle-group: the x- members, and "limits", a nested struct whose members the options visitor
    /// reads as top-level options once an option named "limits" is present (which itself is never consumed).
    /// </summary>
    private static ObjectTypeSchema ThrottleGroup()
    {
        string[] limits =
        [
            "iops-total", "iops-total-max", "iops-total-max-length", "iops-read", "iops-read-max", "iops-read-max-length",
            "iops-write", "iops-write-max", "iops-write-max-length", "bps-total", "bps-total-max", "bps-total-max-length",
            "bps-read", "bps-read-max", "bps-read-max-length", "bps-write", "bps-write-max", "bps-write-max-length", "iops-size",
        ];
        return new ObjectTypeSchema("throttle-group", "shared I/O limits for block devices", [
            PropertySchema.Str("limits", "nested limits") with { IsStruct = true },
            .. limits.Select(n => PropertySchema.Of(PropertyKind.Int64, n, n.Replace('-', ' ')) with { Within = "limits" }),
            .. limits.Select(n => PropertySchema.Of(PropertyKind.Int64, "x-" + n, n.Replace('-', ' '))),
        ]);
    }
}
