using Qcrypto.Errors;
using Qcrypto.Objects;

namespace Qcrypto.Tests;

/// <summary>The QemuOpts grammar of <c>-object</c> as qemu-system-x86_64 7.2 parses it.</summary>
public class GrammarTests
{
    [Theory]
    [InlineData("secret,id=s0,data=x", "secret")]
    [InlineData("qom-type=secret,id=s0", "secret")]
    [InlineData("id=s0,qom-type=secret", "secret")]
    [InlineData("secret,qom-type=iothread,id=s0", "iothread")]
    [InlineData("qom-type=secret,qom-type=iothread", "iothread")]
    [InlineData(",id=s0", "")]
    [InlineData("secret,,x,id=s0", "secret,x")]
    [InlineData(",,secret", ",secret")]
    [InlineData("secret,,", "secret,")]
    [InlineData(" secret", " secret")]
    [InlineData("qom-type=,id=s0", "")]
    public void TypeIsTheFirstBareWordOrTheLastQomType(string text, string type) => Assert.Equal(type, ObjectLine.Parse(text).Type);

    [Theory]
    [InlineData("")]
    [InlineData("=x")]
    [InlineData("a.b=1")]
    [InlineData("id=s0")]
    [InlineData("id=s0,secret")]
    public void NoTypeAtAll(string text)
    {
        Assert.Null(ObjectLine.Parse(text).Type);
        T.OptionRejects(text, "Parameter 'qom-type' is missing");
    }

    [Fact]
    public void EmptyLineIsMissingQomType() => T.Rejects("Parameter 'qom-type' is missing", "");

    [Fact]
    public void EmptyTypeIsAnUnknownType() => T.Rejects("Parameter 'qom-type' does not accept value ''", ",id=s0");

    [Theory]
    [InlineData("secret,id=s0,=x", "Invalid parameter ''")]
    [InlineData("secret,id=s0,a.b=1", "Invalid parameter 'a.b'")]
    [InlineData("secret,id=s0,=", "Invalid parameter ''")]
    [InlineData("secret,id=s0,data=x,DATA=y", "Invalid parameter 'DATA'")]
    [InlineData("secret,id=s0,Data=x", "Invalid parameter 'Data'")]
    [InlineData("secret,id=s0,no", "Invalid parameter ''")]
    [InlineData("secret,id=s0,data=x,foo=1,foo=2", "Invalid parameter 'foo'")]
    public void UnknownPropertyNames(string text, string message) => T.OptionRejects(text, message);

    [Theory]
    [InlineData("secret,id=s0,data=x,", "x")]
    [InlineData("secret,id=s0,data=a,,", "a,")]
    [InlineData("secret,id=s0,data=a,,,", "a,")]
    [InlineData("secret,id=s0,data=a,,,,b", "a,,b")]
    [InlineData("secret,id=s0,data=x,,y", "x,y")]
    [InlineData("secret,id=s0,data==", "=")]
    [InlineData("secret,id=s0,data=a=b", "a=b")]
    [InlineData("secret,id=s0,data=", "")]
    [InlineData("secret,id=s0,data", "on")]
    [InlineData("secret,id=s0,nodata", "off")]
    [InlineData("secret,id=s0,data=x,data=y", "y")]
    [InlineData("secret,id=s0,data=,,,,,,", ",,,")]
    public void ValuesUnescapeDoubledCommasAndTheLastValueWins(string text, string data)
    {
        var line = ObjectLine.Parse(text);
        Assert.Equal(data, line.EffectiveOptions().Single(o => o.Name == "data").Value);
        using var registry = T.With(text);
        Assert.Equal(data, T.Utf8(registry, "s0"));
    }

    [Fact]
    public void TrailingCommaIsAccepted()
    {
        using var registry = T.With("secret,id=s0,data=x,");
        Assert.Equal("x", T.Utf8(registry, "s0"));
        Assert.Equal(["data"], ObjectLine.Parse("secret,id=s0,data=x,").Options.Select(o => o.Name));
    }

    [Fact]
    public void DoubledCommaAfterIdBelongsToTheId()
    {
        // The id is "s0,data=x", which is not an identifier.
        var e = T.Rejects("Parameter 'id' expects an identifier", "secret,id=s0,,data=x");
        Assert.Equal(Identifier.Hint, e.Hint);
        Assert.Equal(ErrorCodes.InvalidId, e.Code);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1a")]
    [InlineData("_a")]
    [InlineData("-a")]
    [InlineData("a b")]
    [InlineData("a:b")]
    [InlineData("a/b")]
    [InlineData("é")]
    [InlineData("aé")]
    public void MalformedIds(string id) => T.Rejects("Parameter 'id' expects an identifier", $"secret,id={id},data=x");

    [Theory]
    [InlineData("a")]
    [InlineData("a-b.c_d9")]
    [InlineData("Z")]
    [InlineData("a...")]
    public void WellFormedIds(string id)
    {
        Assert.True(Identifier.IsWellFormed(id));
        using var registry = T.With($"secret,id={id},data=x");
        Assert.NotNull(registry.Find(id));
    }

    [Fact]
    public void FirstIdWins()
    {
        Assert.Equal("s0", ObjectLine.Parse("secret,id=s0,id=s1,data=x").Id);
        using var registry = T.With("secret,id=s0,id=s1,data=x", "secret,id=s1,data=y");
        T.Rejects(registry, "Duplicate ID 's0' for object", "secret,id=s0,data=z");
    }

    [Fact]
    public void OnlyTheFirstIdMustBeWellFormed()
    {
        using (T.With("secret,id=s0,data=x,id=1bad"))
        {
        }

        T.Rejects("Parameter 'id' expects an identifier", "secret,id=1bad,id=s0,data=x");
    }

    [Fact]
    public void DuplicateIdAcrossObjects()
    {
        var e = T.Rejects("Duplicate ID 's0' for object", "secret,id=s0,data=x", "secret,id=s0,data=y");
        Assert.Equal(ErrorCodes.DuplicateId, e.Code);
        T.Rejects("Duplicate ID 's0' for object", "iothread,id=s0", "secret,id=s0,data=y");

        // QEMU finds the duplicate while parsing the options: before the type or the other options are looked at.
        T.Rejects("Duplicate ID 's0' for object", "iothread,id=s0", "bogus,id=s0,foo=1");
    }

    [Fact]
    public void LastValueOfARepeatedPropertyWinsAndOnlyItIsChecked()
    {
        using (T.With("secret,id=s0,data=x,format=bogus,format=raw"))
        {
        }

        T.OptionRejects("secret,id=s0,data=x,format=raw,format=bogus", "Parameter 'format' does not accept value 'bogus'");
        using (var registry = T.With("secret,id=s0,format=base64,data=$$$,data=MTIz"))
        {
            Assert.Equal("123", T.Utf8(registry, "s0"));
        }

        T.Rejects("Base64 data contains invalid characters", "secret,id=s0,format=base64,data=MTIz,data=$$$");
    }

    [Theory]
    [InlineData("secret,id=s0,data=x,loaded", "loaded", "on", "short-form boolean option 'loaded' deprecated. Please use loaded=on instead")]
    [InlineData("secret,id=s0,data=x,noloaded", "loaded", "off", "short-form boolean option 'noloaded' deprecated. Please use loaded=off instead")]
    [InlineData("tls-creds-anon,id=t0,noverify-peer", "verify-peer", "off", "short-form boolean option 'noverify-peer' deprecated. Please use verify-peer=off instead")]
    [InlineData("tls-creds-anon,id=t0,verify-peer", "verify-peer", "on", "short-form boolean option 'verify-peer' deprecated. Please use verify-peer=on instead")]
    public void ShortFormBooleansWarn(string text, string name, string value, string warning)
    {
        var line = ObjectLine.Parse(text);
        var option = line.Options.Single(o => o.Name == name);
        Assert.Equal(value, option.Value);
        Assert.True(option.IsShortForm);
        Assert.Equal([warning], line.Warnings(T.Catalog()));
        Assert.False(line.HelpRequested);
    }

    [Fact]
    public void ShortFormOfAReadOnlyPropertyStillFailsAtCreation() =>
        T.Rejects("Property 'secret.loaded' is not writable", "secret,id=s0,data=x,loaded");

    [Fact]
    public void ShortFormOfAnUnknownName() => T.OptionRejects("iothread,id=i0,nofoo", "Invalid parameter 'foo'");

    [Theory]
    [InlineData("help")]
    [InlineData("?")]
    [InlineData("qom-type=help")]
    [InlineData("help,id=x")]
    [InlineData("secret,help")]
    [InlineData("secret,id=s0,help")]
    [InlineData("secret,id=s0,data=x,help")]
    [InlineData("iothread,?")]
    [InlineData("secret,help,foo=1")]
    [InlineData("secret,id=s0,data=x,help=1")]
    [InlineData("secret,?=1")]
    [InlineData("secret,id=s0,nohelp")]
    public void HelpIsAnyOptionNamedHelp(string text)
    {
        var line = ObjectLine.Parse(text);
        Assert.True(line.HelpRequested);

        // The option stays: for a type QEMU has no class for, it prints no help and refuses "help" as an option.
        Assert.Equal(line.Type is not ("help" or "?"), line.Options.Any(o => o.Name is "help" or "?"));
    }

    [Fact]
    public void BareHelpDoesNotWarnButNohelpDoes()
    {
        Assert.Empty(ObjectLine.Parse("secret,help").Warnings(T.Catalog()));
        Assert.Equal(["short-form boolean option 'nohelp' deprecated. Please use help=off instead"], ObjectLine.Parse("secret,nohelp").Warnings(T.Catalog()));
    }

    [Theory]
    [InlineData("secret,id=s0,data=x,helper=1")]
    [InlineData("secret,id=s0,data=help")]
    [InlineData("secret,id=s0,data=?")]
    public void HelpOnlyAsAnOptionName(string text) => Assert.False(ObjectLine.Parse(text).HelpRequested);

    [Fact]
    public void MalformedIdIsReportedEvenWithHelp()
    {
        var e = Assert.Throws<ObjectOptionException>(() => ObjectLine.Parse("secret,id=1x,help"));
        Assert.Equal("Parameter 'id' expects an identifier", e.QemuMessage);
    }

    [Fact]
    public void OptionsKeepLineOrderAndDuplicates()
    {
        var line = ObjectLine.Parse("secret,id=s0,format=raw,data=a,format=base64,iv=x");
        Assert.Equal(["format", "data", "format", "iv"], line.Options.Select(o => o.Name));
        Assert.Equal(["data", "format", "iv"], line.EffectiveOptions().Select(o => o.Name));
        Assert.Equal("base64", line.EffectiveOptions().Single(o => o.Name == "format").Value);
    }

    [Fact]
    public void TypeIsCaseSensitive() => T.Rejects("Parameter 'qom-type' does not accept value 'Secret'", "Secret,id=s0,data=x");

    [Fact]
    public void SpacesAreNotTrimmed()
    {
        T.Rejects("Parameter 'qom-type' does not accept value ' secret'", " secret,id=s0,data=x");
        T.Rejects("Parameter 'qom-type' does not accept value 'secret '", "secret ,id=s0,data=x");
        T.Rejects("Parameter 'format' does not accept value 'raw '", "secret,id=s0,data=x,format=raw ");
    }

    [Fact]
    public void SingleCommasAndEmptyElements()
    {
        T.Rejects("Parameter 'qom-type' does not accept value ''", ",");
        T.Rejects("Parameter 'qom-type' does not accept value ','", ",,");
        T.Rejects("Parameter 'qom-type' does not accept value 'iothread,id=i0'", "iothread,,id=i0");
        using (T.With("iothread,id=i0,"))
        {
        }
    }
}
