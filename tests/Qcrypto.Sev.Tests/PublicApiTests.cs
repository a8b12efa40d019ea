namespace Qcrypto.Sev.Tests;

/// <summary>The public API of Qcrypto.Sev, what a host launches a SEV guest with, pinned (golden/Qcrypto.Sev.publicapi.txt; QCRYPTO_UPDATE_GOLDEN=1 rewrites it).</summary>
public sealed class PublicApiTests
{
    [Fact]
    public void Sev() => PublicApi.Matches(typeof(Objects.SevGuest).Assembly);

    [Fact]
    public void TypesAreDocumented() => PublicApi.TypesAreDocumented(typeof(Objects.SevGuest).Assembly);
}
