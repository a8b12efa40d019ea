using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.VhostUser.Memory;

namespace Qcrypto.Cryptodev.VhostUser.Virtqueue;

/// <summary>One descriptor as the driver wrote it (struct vring_desc, 16 bytes).</summary>
[StructLayout(LayoutKind.Sequential, Pack = 1)]
internal struct VringDescriptor
{
    public ulong Address;
    public uint Length;
    public ushort Flags;
    public ushort Next;
}

/// <summary>
/// Walks one descriptor chain of a split ring into a <see cref="VirtqueueElement"/>: readable
/// buffers first, then writable ones, each a view of guest memory. The guest may rewrite its
/// tables while we walk: every descriptor is copied out of guest memory once and only the copy is
/// checked and used. Refused (the DPDK vhost-crypto CVE shapes): indices beyond the table, chains
/// longer than their table (loops), indirect tables inside indirect tables or not alone in their
/// chain, table lengths that are zero or not whole descriptors, zero-length buffers, readable after
/// writable, any byte outside the memory table, and chains adding up past <c>maxBytes</c>.
/// </summary>
internal static unsafe class DescriptorWalker
{
    /// <summary>The most bytes one chain may describe: well past max_size, far below anything that overflows.</summary>
    public const ulong DefaultMaxBytes = 256UL << 20;

    public static VirtqueueFault Walk(GuestMemory memory, byte* table, int tableSize, ushort head, VirtqueueElement element, ulong maxBytes = DefaultMaxBytes)
    {
        element.Clear();
        var index = (uint)head;
        var limit = (uint)tableSize;
        var visited = 0u;
        var indirect = false;
        var writable = false;
        var total = 0UL;
        while (true)
        {
            if (index >= limit)
            {
                return VirtqueueFault.IndexOutOfRange;
            }

            if (++visited > limit)
            {
                return VirtqueueFault.Loop;
            }

            // One read of the 16 bytes; only this copy is looked at from here on.
            var descriptor = Unsafe.ReadUnaligned<VringDescriptor>(table + ((ulong)index * VringLayout.DescriptorSize));
            if ((descriptor.Flags & VringLayout.DescIndirect) != 0)
            {
                if (indirect)
                {
                    return VirtqueueFault.NestedIndirect;
                }

                if (visited != 1 || (descriptor.Flags & VringLayout.DescNext) != 0)
                {
                    return VirtqueueFault.MisplacedIndirect;
                }

                var length = descriptor.Length;
                if (length == 0 || length % VringLayout.DescriptorSize != 0 || length / VringLayout.DescriptorSize > VringLayout.MaxQueueSize)
                {
                    return VirtqueueFault.BadIndirectLength;
                }

                if (!memory.TryGuest(descriptor.Address, length, out var indirectTable))
                {
                    return VirtqueueFault.OutsideMemory;
                }

                table = indirectTable;
                limit = length / VringLayout.DescriptorSize;
                index = 0;
                visited = 0;
                indirect = true;
                continue;
            }

            if (descriptor.Length == 0)
            {
                return VirtqueueFault.ZeroLength;
            }

            var isWritable = (descriptor.Flags & VringLayout.DescWrite) != 0;
            if (!isWritable && writable)
            {
                return VirtqueueFault.ReadableAfterWritable;
            }

            writable |= isWritable;
            total += descriptor.Length;
            if (total > maxBytes)
            {
                return VirtqueueFault.TooLong;
            }

            if (!memory.TryAddSegments(element, descriptor.Address, descriptor.Length, isWritable))
            {
                return VirtqueueFault.OutsideMemory;
            }

            if ((descriptor.Flags & VringLayout.DescNext) == 0)
            {
                return VirtqueueFault.None;
            }

            index = descriptor.Next;
        }
    }
}
