namespace Qcrypto.Primitives.Tests;

/// <summary>The public API of Qcrypto.Primitives, the engine the other libraries compute on, pinned (golden/Qcrypto.Primitives.publicapi.txt; QCRYPTO_UPDATE_GOLDEN=1 rewrites it).</summary>
public sealed class PublicApiTests
{
    [Fact]
    public void Primitives() => PublicApi.Matches(typeof(KernelRandom).Assembly);

    [Fact]
    public void TypesAreDocumented() => PublicApi.TypesAreDocumented(typeof(KernelRandom).Assembly);
}
