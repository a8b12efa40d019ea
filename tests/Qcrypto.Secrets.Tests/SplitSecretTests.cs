using Qcrypto.Objects;

namespace Qcrypto.Tests;

/// <summary>
/// An undoubled comma in a secret value (issue 9 item 13): QEMU echoes the text after it as an option name;
/// we name its position instead, in errors and in warnings.
/// </summary>
public class SplitSecretTests
{
    [Theory]
    [InlineData("secret,id=s,data=hunter2,letmein", "letmein")]
    [InlineData("secret,id=s,data=pw,nopassw0rd", "passw0rd")]
    [InlineData("secret,format=raw,id=s,data=correct,horse,battery", "horse")]
    [InlineData("secret,format=raw,id=s,data=correct,horse,battery", "battery")]
    public void TheFragmentIsNeverShown(string line, string fragment)
    {
        var warnings = new List<string>();
        var e = Assert.Throws<Errors.ObjectOptionException>(() => ObjectOptionsValidator.Validate(ObjectLine.Parse(line), T.Catalog(), warnings));
        Assert.DoesNotContain(fragment, e.Message);
        Assert.DoesNotContain(fragment, e.Hint);
        Assert.Equal("data", e.Property);
        Assert.Matches("^Invalid parameter in element [0-9]+ of the line ", e.QemuMessage);
        Assert.NotEmpty(warnings);
        Assert.All(warnings, w => Assert.DoesNotContain(fragment, w));
        Assert.All(ObjectLine.Parse(line).Warnings(T.Catalog()), w => Assert.DoesNotContain(fragment, w));
    }

    [Theory]
    [InlineData("secret,id=s,data=x,foo=1,bar=2", "Invalid parameter 'bar'")] // name=value reads as an option: named
    [InlineData("secret,id=s,data=x,format=raw,loaded", "Property 'secret.loaded' is not writable")] // a known name
    public void OptionsAreStillNamed(string line, string message) => T.Rejects(message, line);

    [Fact]
    public void ADoubledCommaIsPartOfTheValue()
    {
        using var registry = T.With("secret,id=s,data=hunter2,,letmein");
        Assert.Equal("hunter2,letmein", T.Utf8(registry, "s"));
    }
}
