using Qcrypto.Cryptodev.Device;
using Qcrypto.Cryptodev.Tests.Support;

namespace Qcrypto.Cryptodev.Tests;

/// <summary>Every device error has a code a host can branch on, one per text; no error, no code.</summary>
public class DeviceErrorCodeTests
{
    [Fact]
    public void EveryTextHasItsOwnCode()
    {
        var texts = typeof(DeviceErrors).GetFields().Where(f => f.IsLiteral && f.Name != nameof(DeviceErrors.NoDataQueuePrefix))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Concat([DeviceErrors.AsymSource(32, 10), DeviceErrors.AsymData(32, 10), DeviceErrors.NoDataQueue(3)])
            .ToList();
        var codes = texts.Select(DeviceErrors.CodeOf).ToList();
        Assert.DoesNotContain(DeviceErrorCode.None, codes);
        Assert.Equal(codes.Count, codes.Distinct().Count());
        Assert.Equal(Enum.GetValues<DeviceErrorCode>().Length - 1, codes.Count);
        Assert.Equal(DeviceErrorCode.None, new RequestResult(Wire.VirtioCryptoStatus.VIRTIO_CRYPTO_OK, 0).DeviceErrorCode);
    }

    [Fact]
    public void ARequestCarriesTheCodeBesideTheText()
    {
        using var rig = new Rig();
        var result = rig.Device.ProcessData(7, new VirtqueueElement().AddReadable(new byte[72]).AddWritable(new byte[1]));
        Assert.Equal(DeviceErrorCode.NoDataQueue, result.DeviceErrorCode);
        Assert.Equal(DeviceErrors.NoDataQueue(7), result.DeviceError);
    }
}
