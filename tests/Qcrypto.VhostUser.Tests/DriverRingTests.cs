using System.Runtime.InteropServices;
using Qcrypto.Cryptodev.VhostUser.Frontend;
using static Qcrypto.Cryptodev.VhostUser.Virtqueue.VringLayout;

namespace Qcrypto.VhostUser.Tests;

/// <summary>
/// The front-end's side of EVENT_IDX: it asks to be called at the first completion past what it
/// took, exactly once, and it sees completions that raced with the arming (the device may have read
/// used_event before we wrote it). The device side is simulated with the NeedEvent rule our back-end
/// applies.
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
    [InlineData(1)]
    [InlineData(4)]
    [InlineData(32)]
    public void WithNInFlightTheFirstCompletionCallsAndOnlyIt(int inFlight)
    {
        Offer(inFlight);
        Assert.False(_ring.ArmAndCheck());
        Assert.Equal(0, UsedEvent);

        var calls = new List<int>();
        for (var i = 1; i <= inFlight; i++)
        {
            if (DeviceCompletesOne())
            {
                calls.Add(i);
            }
        }

        Assert.Equal([1], calls);
    }

    [Fact]
    public void CompletionsThatCameWhileArmingAreTakenWithoutWaitingForACall()
    {
        Offer(8);
        for (var i = 0; i < 3; i++)
        {
            DeviceCompletesOne();
        }

        // The device published 3 after its last look at used_event: arming says "look again".
        Assert.True(_ring.ArmAndCheck());
        var taken = 0;
        while (_ring.TryTakeUsed(out _, out _))
        {
            taken++;
        }

        Assert.Equal(3, taken);

        // Nothing new: armed at 3, the next completion calls.
        Assert.False(_ring.ArmAndCheck());
        Assert.Equal(3, UsedEvent);
        Assert.True(DeviceCompletesOne());
        Assert.False(DeviceCompletesOne());
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
