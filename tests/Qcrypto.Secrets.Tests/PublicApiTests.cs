namespace Qcrypto.Tests;

/// <summary>
/// The public API of Qcrypto.Secrets and Qcrypto.Composition, pinned: a change of the surface other assemblies
/// and hosts build on shows as a diff of golden/*.publicapi.txt (QCRYPTO_UPDATE_GOLDEN=1 rewrites it).
/// </summary>
public sealed class PublicApiTests
{
    [Fact]
    public void Secrets() => PublicApi.Matches(typeof(Objects.ObjectRegistry).Assembly);

    [Fact]
    public void SecretsTypesAreDocumented() => PublicApi.TypesAreDocumented(typeof(Objects.ObjectRegistry).Assembly);

    [Fact]
    public void CompositionTypesAreDocumented() => PublicApi.TypesAreDocumented(typeof(Qcrypto.Composition.QcryptoCatalog).Assembly);

    [Fact]
    public void Composition() => PublicApi.Matches(typeof(Qcrypto.Composition.QcryptoCatalog).Assembly);
}
