using Qcrypto.Objects;

namespace Qcrypto.Tests;

public class SmokeTests
{
    [Fact]
    public void ParsesType()
    {
        Assert.Equal("secret", ObjectLine.Parse("secret,id=s0,data=x").Type);
    }
}
