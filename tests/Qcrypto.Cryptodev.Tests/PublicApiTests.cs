namespace Qcrypto.Cryptodev.Tests;

/// <summary>The public API of Qcrypto.Cryptodev, what a host builds a device on, pinned (golden/Qcrypto.Cryptodev.publicapi.txt; QCRYPTO_UPDATE_GOLDEN=1 rewrites it).</summary>
public sealed class PublicApiTests
{
    [Fact]
    public void Cryptodev() => PublicApi.Matches(typeof(Device.VirtioCryptoDevice).Assembly);

    [Fact]
    public void TypesAreDocumented() => PublicApi.TypesAreDocumented(typeof(Device.VirtioCryptoDevice).Assembly);
}
