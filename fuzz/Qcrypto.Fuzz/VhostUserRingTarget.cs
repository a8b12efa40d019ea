using System.Buffers;
using System.Runtime.InteropServices;
using Qcrypto.Cryptodev;
using Qcrypto.Cryptodev.Backend;
using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.Interop;
using Qcrypto.Cryptodev.VhostUser.Memory;
using Qcrypto.Cryptodev.VhostUser.Protocol;
using Qcrypto.Cryptodev.VhostUser.Virtqueue;
using Qcrypto.Objects;

namespace Qcrypto.Fuzz;

/// <summary>
/// The split-ring walker under fuzzing, as a hostile guest drives it: the input becomes the
/// descriptor table, the avail ring and the data area of region A of a three-region memory table
/// (A and B touch, C lies after a gap). Every chain is walked, run on a device and returned; every
/// segment the walker hands out must lie inside a mapped region, and nothing may throw.
/// Input: byte 0 = log2 of the queue size (0..7), byte 1 bit 0 = EVENT_IDX, bytes 2-3 = first avail
/// index, then the table (16 bytes a descriptor), the avail ring (4 + 2 n + 2 bytes), then data.
/// </summary>
public static unsafe class VhostUserRingTarget
{
    private const ulong A = 0x10000;
    private const ulong B = 0x20000;
    private const ulong C = 0x100000;
    private const ulong RegionSize = 0x10000;
    private const ulong AvailOffset = 0x1000;
    private const ulong UsedOffset = 0x2000;
    private const ulong DataOffset = 0x3000;

    private static readonly (ulong Guest, ulong Size)[] Layout = [(A, RegionSize), (B, RegionSize), (C, 0x1000)];
    private static readonly SharedMapping[] Views;
    private static readonly GuestMemory Memory;
    private static readonly VirtioCryptoDevice Device;
    private static readonly VirtqueueElement Element = new();

    static VhostUserRingTarget()
    {
        var fds = new List<FileDescriptor>();
        var table = new MemoryRegionDescription[Layout.Length];
        Views = new SharedMapping[Layout.Length];
        for (var i = 0; i < Layout.Length; i++)
        {
            var fd = MemoryFiles.CreateMemfd($"fuzz-{i}", Layout[i].Size, false, 0, seal: true);
            fds.Add(fd);
            Views[i] = SharedMapping.Map(fd, Layout[i].Size);
            table[i] = new MemoryRegionDescription(Layout[i].Guest, Layout[i].Size, 0x7f00_0000_0000UL + ((ulong)i << 32), 0);
        }

        Memory = GuestMemory.Map(table, fds, []);
        var registry = new ObjectRegistry(new ObjectTypeCatalog().AddSecrets().AddCryptodev());
        Device = new VirtioCryptoDevice((CryptodevBackend)registry.Add("cryptodev-backend-builtin,id=ring"));
    }

    public static void Run(Stream input)
    {
        using var buffer = new MemoryStream();
        input.CopyTo(buffer);
        Run(buffer.ToArray());
    }

    public static void Run(byte[] input)
    {
        if (input.Length < 4)
        {
            return;
        }

        var num = 1 << (input[0] & 7);
        var eventIdx = (input[1] & 1) != 0;
        var first = (ushort)(input[2] | (input[3] << 8));
        var rest = input.AsSpan(4);
        foreach (var view in Views)
        {
            new Span<byte>(view.Pointer, (int)view.Length).Clear();
        }

        var a = Views[0].Pointer;
        var take = Math.Min(rest.Length, num * VringLayout.DescriptorSize);
        rest[..take].CopyTo(new Span<byte>(a, take));
        rest = rest[take..];
        take = Math.Min(rest.Length, (int)VringLayout.AvailSize(num));
        rest[..take].CopyTo(new Span<byte>(a + AvailOffset, take));
        rest = rest[take..];
        take = Math.Min(rest.Length, (int)(RegionSize - DataOffset));
        rest[..take].CopyTo(new Span<byte>(a + DataOffset, take));

        var user = 0x7f00_0000_0000UL;
        var address = new VringAddress(0, 0, user, user + UsedOffset, user + AvailOffset, 0);
        var ring = DeviceRing.Create(Memory, num, address, first, eventIdx, out var error) ?? throw new InvalidOperationException(error);
        for (var i = 0; i < 2 * num && ring.TryPop(Element, out var head, out _); i++)
        {
            foreach (var segment in Element.Readable)
            {
                CheckInside(segment);
            }

            foreach (var segment in Element.Writable)
            {
                CheckInside(segment);
            }

            var result = Device.ProcessData(0, Element);
            Element.Clear();
            ring.Push(head, result.UsedLength);
        }

        ring.Publish();
        _ = ring.ShouldSignal();
        _ = ring.ArmAndCheck();
    }

    private static void CheckInside(ReadOnlyMemory<byte> segment)
    {
        if (!MemoryMarshal.TryGetMemoryManager(segment, out RegionMemoryManager? manager, out var start, out var length))
        {
            throw new InvalidOperationException("a segment that is not guest memory");
        }

        // Against the walker's own mappings of the regions (the views above are the guest's).
        var pointer = manager.Pointer + start;
        foreach (var region in Memory.Regions)
        {
            if (pointer >= region.Host && (ulong)(pointer - region.Host) + (ulong)length <= region.Size)
            {
                return;
            }
        }

        throw new InvalidOperationException("a segment outside every region");
    }
}
