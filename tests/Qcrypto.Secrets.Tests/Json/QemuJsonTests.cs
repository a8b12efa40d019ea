using System.Text.Json;
using Qcrypto.Objects.Json;

namespace Qcrypto.Tests.Json;

/// <summary>QEMU 7.2's JSON reader: grammar, numbers, strings and messages (checked against QEMU by the Interop oracle).</summary>
public sealed class QemuJsonTests
{
    [Theory]
    [InlineData("{", "JSON parse error, premature EOI")]
    [InlineData("{\"a\":1,}", "JSON parse error, expecting value")]
    [InlineData("{\"a\":01}", "JSON parse error, stray '01'")]
    [InlineData("{\"a\":\"abc", "JSON parse error, stray '\"abc'")]
    [InlineData("{\"a\":tru}", "JSON parse error, invalid keyword 'tru'")]
    [InlineData("{\"a\":1 \"b\":2}", "JSON parse error, expected separator in dict")]
    [InlineData("{1:2}", "JSON parse error, key is not a string in object")]
    [InlineData("{\"a\" 1}", "JSON parse error, missing : in object pair")]
    [InlineData("{\"a\":1,\"a\":2}", "JSON parse error, duplicate key")]
    [InlineData("{\"a\":\"\\uD800\"}", "JSON parse error, \\uD800 is not a valid Unicode character")]
    [InlineData("{\"a\":\"\\u12G4\"}", "JSON parse error, \\u12G4 is not a valid Unicode character")]
    [InlineData("{\"a\":\"\\q\"}", "JSON parse error, invalid escape sequence in string")]
    [InlineData("{\"a\":\"\\uFFFE\"}", "JSON parse error, \\uFFFE is not a valid Unicode character")]
    [InlineData("{\"a\":1}}", "Expecting at most one JSON value")]
    [InlineData("{\"a\":1} x", "Expecting at most one JSON value")]
    [InlineData("{}{}", "Expecting at most one JSON value")]
    [InlineData(" ", "Expecting a JSON value")]
    public void RefusesWithQemusMessage(string json, string message)
    {
        var e = Assert.Throws<QemuJsonException>(() => QemuJson.Parse(json));
        Assert.Equal(message, e.QemuMessage);
        Assert.Equal("json-syntax", e.Code);
    }

    [Fact]
    public void DeepNestingIsRefusedNotOverflowed()
    {
        var e = Assert.Throws<QemuJsonException>(() => QemuJson.Parse("{\"a\":" + new string('[', 5000) + new string(']', 5000) + "}"));
        Assert.Equal("JSON nesting depth limit exceeded", e.QemuMessage);
    }

    [Fact]
    public void NumbersAreStoredAsQemuStoresThem()
    {
        var d = (QDict)QemuJson.Parse("{\"i\":-5,\"u\":18446744073709551615,\"big\":18446744073709551616,\"f\":1.0,\"z\":-0}");
        Assert.Equal(QNumKind.Int64, ((QNum)d["i"]!).Kind);
        Assert.Equal(QNumKind.UInt64, ((QNum)d["u"]!).Kind);
        Assert.Equal(QNumKind.Double, ((QNum)d["big"]!).Kind);
        Assert.Equal(QNumKind.Double, ((QNum)d["f"]!).Kind);
        Assert.True(((QNum)d["z"]!).TryGetInt64(out var zero) && zero == 0);
        Assert.False(((QNum)d["f"]!).TryGetInt64(out _));
        Assert.False(((QNum)d["i"]!).TryGetUInt64(out _));
    }

    [Fact]
    public void StringsTakeQemusExtensions()
    {
        var d = (QDict)QemuJson.Parse("{'a':'it\\'s \"q\"','b':\"\\ud83d\\ude00\\u00e9\\/\",'c':\"é\"}");
        Assert.Equal("it's \"q\"", ((QString)d["a"]!).Value);
        Assert.Equal("😀é/", ((QString)d["b"]!).Value);
        Assert.Equal("é", ((QString)d["c"]!).Value);
    }

    [Fact]
    public void SecretValuesAreNotEchoed()
    {
        var e = Assert.Throws<QemuJsonException>(() => QemuJson.Parse("{\"data\":\"hunter2", n => n == "data"));
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
        Assert.Contains("'data'", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<QemuJsonException>(() => QemuJson.Parse("{\"data\":hunter}", n => n == "data"));
        Assert.DoesNotContain("hunter", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void KeysIterateInQDictOrder()
    {
        // Two keys in different tdb_hash buckets come out by bucket, whatever the order given.
        var a = (QDict)QemuJson.Parse("{\"foo\":1,\"zzz\":1}");
        var b = (QDict)QemuJson.Parse("{\"zzz\":1,\"foo\":1}");
        Assert.Equal(a.InQemuOrder(), b.InQemuOrder());
    }

    [Fact]
    public void ParsedElementsAreTheSameValues()
    {
        using var doc = JsonDocument.Parse("{\"i\":-5,\"u\":18446744073709551615,\"f\":2.5,\"s\":\"x\",\"l\":[true,null]}");
        var d = (QDict)QemuJson.FromElement(doc.RootElement);
        Assert.Equal(QNumKind.Int64, ((QNum)d["i"]!).Kind);
        Assert.Equal(QNumKind.UInt64, ((QNum)d["u"]!).Kind);
        Assert.Equal(QNumKind.Double, ((QNum)d["f"]!).Kind);
        Assert.IsType<QNull>(((QList)d["l"]!).Items[1]);
        using var dup = JsonDocument.Parse("{\"a\":1,\"a\":2}");
        Assert.Equal("JSON parse error, duplicate key", Assert.Throws<QemuJsonException>(() => QemuJson.FromElement(dup.RootElement)).QemuMessage);
    }
}
