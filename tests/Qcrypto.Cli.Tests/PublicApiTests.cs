namespace Qcrypto.Cli.Tests;

/// <summary>The qcrypto executable is no library: it has no public types (its tests see its internals).</summary>
public sealed class PublicApiTests
{
    [Fact]
    public void TheCliExposesNothing() => Assert.Empty(typeof(UsageException).Assembly.GetExportedTypes());
}
