using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.VhostUser.Virtqueue;
using Qcrypto.VhostUser.Tests.Support;
using static Qcrypto.Cryptodev.VhostUser.Virtqueue.VringLayout;

namespace Qcrypto.VhostUser.Tests;

/// <summary>
/// The descriptor walker against hostile tables: each the shape of a DPDK vhost-crypto CVE
/// (CVE-2020-14374..14378: lengths trusted, tables re-read, descriptors miscounted) or a check
/// QEMU's virtqueue_pop makes. Region A [0x10000, +64K) and B [0x20000, +64K) touch; C starts at
/// 0x100000 after a gap.
/// </summary>
public sealed unsafe class DescriptorWalkerTests : IDisposable
{
    private const ulong A = 0x10000;
    private const ulong B = 0x20000;
    private const ulong C = 0x100000;
    private const ulong Table = A;
    private const int Num = 8;

    private readonly TestMemory _memory = new((A, 0x10000), (B, 0x10000), (C, 0x10000));
    private readonly VirtqueueElement _element = new();

    public void Dispose() => _memory.Dispose();

    private VirtqueueFault Walk(ushort head = 0, int num = Num) =>
        DescriptorWalker.Walk(_memory.Memory, _memory.At(Table), num, head, _element);

    [Fact]
    public void AWellFormedChainBecomesSegments()
    {
        _memory.Descriptor(Table, 0, A + 0x1000, 72, DescNext, 1);
        _memory.Descriptor(Table, 1, A + 0x2000, 16, DescNext, 2);
        _memory.Descriptor(Table, 2, A + 0x3000, 17, DescWrite);
        Assert.Equal(VirtqueueFault.None, Walk());
        Assert.Equal(2, _element.ReadableCount);
        Assert.Equal(1, _element.WritableCount);
        Assert.Equal(72, _element.Readable[0].Length);
        Assert.Equal(17, _element.Writable[0].Length);

        // The segment is the guest's memory itself.
        _memory.At(A + 0x1000)[5] = 0xAB;
        Assert.Equal(0xAB, _element.Readable[0].Span[5]);
    }

    [Fact]
    public void ADescriptorLoopIsRefused()
    {
        _memory.Descriptor(Table, 0, A + 0x1000, 16, DescNext, 1);
        _memory.Descriptor(Table, 1, A + 0x2000, 16, DescNext, 0);
        Assert.Equal(VirtqueueFault.Loop, Walk());
    }

    [Fact]
    public void ASelfLoopIsRefused()
    {
        _memory.Descriptor(Table, 3, A + 0x1000, 16, DescNext, 3);
        Assert.Equal(VirtqueueFault.Loop, Walk(3));
    }

    [Fact]
    public void AChainLongerThanTheRingIsRefused()
    {
        // Num descriptors chained 0..7 and then back to 0: one more than the table holds.
        for (var i = 0; i < Num; i++)
        {
            _memory.Descriptor(Table, i, A + 0x1000, 16, DescNext, (ushort)((i + 1) % Num));
        }

        Assert.Equal(VirtqueueFault.Loop, Walk());
    }

    [Theory]
    [InlineData(8)]
    [InlineData(65535)]
    public void AnIndexBeyondTheTableIsRefused(int index)
    {
        Assert.Equal(VirtqueueFault.IndexOutOfRange, Walk((ushort)index));
        _memory.Descriptor(Table, 0, A + 0x1000, 16, DescNext, (ushort)index);
        Assert.Equal(VirtqueueFault.IndexOutOfRange, Walk());
    }

    [Fact]
    public void IndirectInsideIndirectIsRefused()
    {
        const ulong indirect = A + 0x4000;
        _memory.Descriptor(Table, 0, indirect, 32, DescIndirect);
        _memory.Descriptor(indirect, 0, A + 0x1000, 16, DescNext, 1);
        _memory.Descriptor(indirect, 1, A + 0x5000, 16, DescIndirect);
        Assert.Equal(VirtqueueFault.NestedIndirect, Walk());
    }

    [Fact]
    public void AnIndirectTableIsWalkedWithItsOwnBounds()
    {
        const ulong indirect = A + 0x4000;
        _memory.Descriptor(Table, 0, indirect, 48, DescIndirect);
        _memory.Descriptor(indirect, 0, A + 0x1000, 72, DescNext, 1);
        _memory.Descriptor(indirect, 1, A + 0x2000, 100, DescNext, 2);
        _memory.Descriptor(indirect, 2, A + 0x3000, 101, DescWrite);
        Assert.Equal(VirtqueueFault.None, Walk());
        Assert.Equal(2, _element.ReadableCount);

        // next = 3 points past a 3-entry table even though the ring has 8.
        _memory.Descriptor(indirect, 2, A + 0x3000, 101, DescWrite | DescNext, 3);
        Assert.Equal(VirtqueueFault.IndexOutOfRange, Walk());

        // A readable entry after the writable one, within a 4-entry table.
        _memory.Descriptor(Table, 0, indirect, 64, DescIndirect);
        _memory.Descriptor(indirect, 2, A + 0x3000, 101, DescWrite | DescNext, 3);
        _memory.Descriptor(indirect, 3, A + 0x3000, 101, 0);
        Assert.Equal(VirtqueueFault.ReadableAfterWritable, Walk());

        // A loop inside the indirect table.
        _memory.Descriptor(indirect, 1, A + 0x2000, 100, DescNext, 0);
        Assert.Equal(VirtqueueFault.Loop, Walk());
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(17u)]
    [InlineData(8u)]
    [InlineData((32768u + 1) * 16)]
    public void IndirectTablesOfBadLengthAreRefused(uint length)
    {
        _memory.Descriptor(Table, 0, A + 0x4000, length, DescIndirect);
        Assert.Equal(VirtqueueFault.BadIndirectLength, Walk());
    }

    [Fact]
    public void IndirectWithNextOrAfterOtherDescriptorsIsRefused()
    {
        _memory.Descriptor(Table, 0, A + 0x4000, 16, DescIndirect | DescNext, 1);
        Assert.Equal(VirtqueueFault.MisplacedIndirect, Walk());
        _memory.Descriptor(Table, 0, A + 0x1000, 16, DescNext, 1);
        _memory.Descriptor(Table, 1, A + 0x4000, 16, DescIndirect);
        Assert.Equal(VirtqueueFault.MisplacedIndirect, Walk());
    }

    [Fact]
    public void AnIndirectTableOutsideMemoryIsRefused()
    {
        _memory.Descriptor(Table, 0, 0x50000, 32, DescIndirect);
        Assert.Equal(VirtqueueFault.OutsideMemory, Walk());

        // Starting inside A, running past its end into the gap-free B is still refused: a table must lie in one region.
        _memory.Descriptor(Table, 0, B - 16, 32, DescIndirect);
        Assert.Equal(VirtqueueFault.OutsideMemory, Walk());
    }

    [Theory]
    [InlineData(0x0UL, 16u)]
    [InlineData(0x30000UL, 16u)]
    [InlineData(0xFFFF_FFFF_FFFF_FFF0UL, 0x20u)]
    [InlineData(A + 0xFFF0, 0x0800_0000u)]
    [InlineData(C + 0xFFF0, 0x20u)]
    [InlineData(B + 0xFFF0, 0x20u)]
    public void BuffersOutsideTheMemoryTableAreRefused(ulong address, uint length)
    {
        _memory.Descriptor(Table, 0, address, length, 0);
        Assert.Equal(VirtqueueFault.OutsideMemory, Walk());
    }

    [Fact]
    public void ABufferAcrossTwoTouchingRegionsIsSplit()
    {
        _memory.Descriptor(Table, 0, B - 10, 30, DescWrite);
        _memory.Descriptor(Table, 1, A + 0x1000, 72, DescNext, 0);
        Assert.Equal(VirtqueueFault.None, Walk(1));
        Assert.Equal(2, _element.WritableCount);
        Assert.Equal(10, _element.Writable[0].Length);
        Assert.Equal(20, _element.Writable[1].Length);
    }

    [Fact]
    public void ZeroLengthBuffersAreRefused()
    {
        _memory.Descriptor(Table, 0, A + 0x1000, 0, 0);
        Assert.Equal(VirtqueueFault.ZeroLength, Walk());
    }

    [Fact]
    public void ReadableAfterWritableIsRefused()
    {
        _memory.Descriptor(Table, 0, A + 0x1000, 16, DescWrite | DescNext, 1);
        _memory.Descriptor(Table, 1, A + 0x2000, 16, 0);
        Assert.Equal(VirtqueueFault.ReadableAfterWritable, Walk());
    }

    [Fact]
    public void LengthsThatAddUpPastTheLimitAreRefused()
    {
        // Eight 64 KiB buffers (each fine) against a 256 KiB limit: the sum is bounded, in 64 bits.
        for (var i = 0; i < Num; i++)
        {
            _memory.Descriptor(Table, i, A, 0x10000, (ushort)(i < Num - 1 ? DescNext : 0), (ushort)(i + 1));
        }

        Assert.Equal(VirtqueueFault.None, DescriptorWalker.Walk(_memory.Memory, _memory.At(Table), Num, 0, _element, maxBytes: 0x80000));
        Assert.Equal(VirtqueueFault.TooLong, DescriptorWalker.Walk(_memory.Memory, _memory.At(Table), Num, 0, _element, maxBytes: 0x40000));

        // Lengths near 4 GiB each would wrap a 32-bit sum; ours is refused at the first.
        _memory.Descriptor(Table, 0, A, 0xFFFF_FFF0, DescNext, 1);
        Assert.Equal(VirtqueueFault.TooLong, Walk());
    }

    [Fact]
    public void EachDescriptorIsReadOnce()
    {
        // A guest rewriting the table while we walk cannot make a checked length differ from a used one:
        // the walker copies each descriptor, so what it added is what it checked.
        _memory.Descriptor(Table, 0, A + 0x1000, 16, DescWrite);
        Assert.Equal(VirtqueueFault.None, Walk());
        _memory.Descriptor(Table, 0, A + 0x1000, 0xFFFF_0000, DescWrite);
        Assert.Equal(16, _element.Writable[0].Length);
    }
}
