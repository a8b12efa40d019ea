using System.Runtime.InteropServices;
using Qcrypto.Cryptodev.VhostUser.Frontend;
using static Qcrypto.Cryptodev.VhostUser.Virtqueue.VringLayout;

namespace Qcrypto.VhostUser.Tests;

/// <summary>
/// The front-end's side of EVENT_IDX: with many requests in flight it asks to be called once three
/// quarters of them are back (Linux's virtqueue_enable_cb_delayed), never later than the last one,
/// and it sees completions that raced with the arming. The device side is simulated with the same
/// NeedEvent rule our back-end applies.
/// </summary>
public sealed unsafe class DriverRingTests : IDisposable
{
    private const int Num = 64;
    private readonly byte* _desc = (byte*)NativeMemory.AllocZeroed((nuint)DescriptorTableSize(Num));
    private readonly byte* _avail = (byte*)NativeMemory.AllocZeroed((nuint)AvailSize(Num));
    private readonly byte* _used = (byte*)NativeMemory.AllocZeroed((nuint)UsedSize(Num));
    private readonly DriverRing _ring;
    private ushort _deviceUsed;
    private ushort _deviceSignalled;

    public DriverRingTests() => _ring = new DriverRing(Num, _desc, _avail, _used);

    public void Dispose()
    {
        NativeMemory.Free(_desc);
        NativeMemory.Free(_avail);
        NativeMemory.Free(_used);
    }

    private ushort UsedEvent => *(ushort*)(_avail + 4 + (2 * Num));

    [Theory]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(4, 3)]
    [InlineData(32, 24)]
    public void WithNInFlightItAsksToBeCalledAtThreeQuartersAndNeverAfterTheLast(int inFlight, int expectedDelay)
    {
        Offer(inFlight);
        Assert.False(_ring.ArmAndCheck());
        Assert.Equal(expectedDelay, UsedEvent);

        // The device completes them one by one; exactly one completion calls us, and not after the last.
        var calls = new List<int>();
        for (var i = 1; i <= inFlight; i++)
        {
            if (DeviceCompletesOne())
            {
                calls.Add(i);
            }
        }

        Assert.Equal([expectedDelay + 1], calls);
    }

    [Fact]
    public void CompletionsThatCameWhileArmingAreTakenWithoutWaitingForACall()
    {
        Offer(8);
        for (var i = 0; i < 7; i++)
        {
            DeviceCompletesOne();
        }

        // 7 of 8 back: past the 3/4 mark (used_event 6), so arming must say "look again": the device
        // checked used_event before we wrote it and will not call for these.
        Assert.True(_ring.ArmAndCheck());
        var taken = 0;
        while (_ring.TryTakeUsed(out _, out _))
        {
            taken++;
        }

        Assert.Equal(7, taken);

        // One left in flight: called at its completion.
        Assert.False(_ring.ArmAndCheck());
        Assert.True(DeviceCompletesOne());
    }

    [Fact]
    public void AtTheMarkItWaitsForTheCallThatTheNextCompletionSends()
    {
        Offer(8);
        for (var i = 0; i < 6; i++)
        {
            DeviceCompletesOne();
        }

        // 6 of 8 back: at the mark (used_event 6), not past it: the 7th completion calls.
        Assert.False(_ring.ArmAndCheck());
        Assert.Equal(6, UsedEvent);
        Assert.True(DeviceCompletesOne());
    }

    private void Offer(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _ring.SetDescriptor(i, 0x1000, 16, 0);
            _ring.Add((ushort)i);
        }

        _ring.Publish();
    }

    /// <summary>Our back-end's rule: publish one used entry, then signal if used_event lies in what was published since the last check.</summary>
    private bool DeviceCompletesOne()
    {
        var entry = _used + 4 + (8 * (_deviceUsed % Num));
        *(uint*)entry = (uint)(_deviceUsed % Num);
        *(uint*)(entry + 4) = 1;
        _deviceUsed++;
        *(ushort*)(_used + 2) = _deviceUsed;
        var old = _deviceSignalled;
        _deviceSignalled = _deviceUsed;
        return NeedEvent(UsedEvent, _deviceUsed, old);
    }
}
