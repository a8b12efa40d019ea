using System.Text.Json;
using Qcrypto.Errors;
using Qcrypto.Objects;
using Qcrypto.Objects.Json;

namespace Qcrypto.Tests.Json;

/// <summary>The JSON form of -object through the registry and the command line (QEMU's messages, from the oracle).</summary>
public sealed class JsonObjectOptionsTests
{
    [Theory]
    [InlineData("{\"qom-type\":\"secret\",\"id\":\"s0\",\"data\":1}", "Invalid parameter type for 'data', expected: string")]
    [InlineData("{\"qom-type\":\"secret\",\"id\":\"s0\",\"data\":\"x\",\"foo\":1}", "Parameter 'foo' is unexpected")]
    [InlineData("{\"qom-type\":\"secret\",\"data\":\"x\"}", "Parameter 'id' is missing")]
    [InlineData("{\"id\":\"s0\"}", "Parameter 'qom-type' is missing")]
    [InlineData("{\"qom-type\":\"bogus\",\"id\":\"s0\"}", "Parameter 'qom-type' does not accept value 'bogus'")]
    [InlineData("{\"qom-type\":\"secret\",\"id\":\"s0\",\"data\":\"x\",\"format\":\"bogus\"}", "Parameter 'format' does not accept value 'bogus'")]
    [InlineData("{\"qom-type\":\"memory-backend-ram\",\"id\":\"m0\",\"size\":\"1M\"}", "Parameter 'size' expects uint64")]
    [InlineData("{\"qom-type\":\"memory-backend-ram\",\"id\":\"m0\",\"size\":1,\"share\":\"on\"}", "Invalid parameter type for 'share', expected: boolean")]
    [InlineData("{\"qom-type\":\"memory-backend-ram\",\"id\":\"m0\",\"size\":1,\"prealloc-threads\":-1}", "Parameter 'prealloc-threads' expects uint32_t")]
    [InlineData("{\"qom-type\":\"memory-backend-ram\",\"id\":\"m0\",\"size\":1,\"host-nodes\":[\"0\"]}", "Parameter 'host-nodes[0]' expects uint64")]
    [InlineData("{\"qom-type\":\"memory-backend-ram\",\"id\":\"m0\",\"size\":1,\"host-nodes\":[70000]}", "Parameter 'null' expects uint16_t")]
    [InlineData("{\"qom-type\":\"secret\",\"id\":\"s0\",\"keyid\":2,\"data\":1}", "Invalid parameter type for 'keyid', expected: string")]
    public void RefusesOptionsWithQemusMessage(string json, string message)
    {
        using var registry = T.Registry();
        var result = ObjectCommandLine.Run(registry, [json]);
        Assert.Equal(message, result.Lines[0].Error?.QemuMessage);
        Assert.Equal(ObjectPhase.Options, result.Lines[0].Phase);
    }

    [Fact]
    public void TypedValuesReachTheObject()
    {
        using var registry = T.Registry();
        var obj = registry.Add("{\"qom-type\":\"secret\",\"id\":\"s0\",\"data\":\"a,b\\\"c\"}");
        Assert.Equal("a,b\"c", obj.Get("data")!.Value.Text);
        using var lease = registry.Secrets.Bytes("s0");
        Assert.Equal(5, lease.Length);
    }

    [Fact]
    public void IdsAreCheckedAtCreationAndTakenIdsFailThere()
    {
        using var registry = T.Registry();
        var result = ObjectCommandLine.Run(registry, ["{\"qom-type\":\"secret\",\"id\":\"1s\",\"data\":\"x\"}"]);
        Assert.Equal(("Parameter 'id' expects an identifier", ObjectPhase.Creation), (result.Lines[0].Error?.QemuMessage, result.Lines[0].Phase));

        using var other = T.Registry();
        result = ObjectCommandLine.Run(other, ["secret,id=s0,data=x", "{\"qom-type\":\"secret\",\"id\":\"s0\",\"data\":\"y\"}"]);
        Assert.Equal("attempt to add duplicate property 's0' to object (type 'container')", result.Lines[1].Error?.QemuMessage);
        using var lease = other.Secrets.Bytes("s0");
        Assert.Equal("x"u8.ToArray(), lease.Bytes.ToArray());
    }

    [Fact]
    public void QmpStyleArgumentsAreTheSameVisit()
    {
        using var registry = T.Registry();
        using var doc = JsonDocument.Parse("{\"qom-type\":\"secret\",\"id\":\"s0\",\"data\":\"x\",\"bogus\":true}");
        var e = Assert.Throws<ObjectOptionException>(() => registry.Add(doc.RootElement));
        Assert.Equal("Parameter 'bogus' is unexpected", e.QemuMessage);
        using var good = JsonDocument.Parse("{\"qom-type\":\"secret\",\"id\":\"s0\",\"data\":\"x\"}");
        Assert.Equal("s0", registry.Add(good.RootElement).Id);
    }

    [Fact]
    public void LeadingBlankIsTheDottedForm()
    {
        Assert.False(JsonObjectOptions.IsJson(" {\"qom-type\":\"secret\"}"));
        Assert.True(JsonObjectOptions.IsJson("{"));
    }

    [Fact]
    public void CanonicalJsonRoundTrips()
    {
        var catalog = T.Catalog();
        const string json = "{\"qom-type\":\"memory-backend-ram\",\"id\":\"m0\",\"size\":1048576,\"share\":true,\"policy\":\"bind\",\"host-nodes\":[0,1]}";
        Assert.Equal(json, ObjectJsonWriter.Write(JsonObjectOptions.Validate(json, catalog)));
        const string secret = "{\"qom-type\":\"secret\",\"id\":\"s0\",\"data\":\"q\\\"b\\\\s,é\\n\"}";
        Assert.Equal(secret, ObjectJsonWriter.Write(JsonObjectOptions.Validate(secret, catalog)));
    }
}
