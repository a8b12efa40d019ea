namespace Qcrypto.Tls.Tests;

/// <summary>The public API of Qcrypto.Tls, pinned (golden/Qcrypto.Tls.publicapi.txt; QCRYPTO_UPDATE_GOLDEN=1 rewrites it).</summary>
public sealed class PublicApiTests
{
    [Fact]
    public void Tls() => PublicApi.Matches(typeof(Creds.TlsCreds).Assembly);

    [Fact]
    public void TypesAreDocumented() => PublicApi.TypesAreDocumented(typeof(Creds.TlsCreds).Assembly);
}
