using System.Text;
using Qcrypto.Errors;
using Qcrypto.Objects;
using Qcrypto.Objects.Schema;

namespace Qcrypto.Tests;

/// <summary>
/// Every property of every type in <see cref="T.SeedSchemas"/>, good and bad values by QAPI kind,
/// with QEMU 7.2's messages. The cases are generated from the schema, so a new type is covered as soon
/// as it is added there.
/// </summary>
public class SchemaPropertyTests
{
    private static readonly string[] BadBools = ["ON", "1", "0", "", "On", "t", "Yes", "TRUE", "of", "onn", "Y", "N", " on"];
    private static readonly string[] NotInt64 = ["abc", "", "1k", "1.5", "0x", "- 1", "1 ", "9223372036854775808", "-9223372036854775809", "0xg", "08", "++1", "1e3"];
    private static readonly string[] NotInt32 = ["2147483648", "-2147483649", "9223372036854775807", "-9223372036854775808", "0x80000000"];
    private static readonly string[] NotUInt64 = ["-1", " -1", "-0", "abc", "", "1.0", "18446744073709551616", "0x", "1e3", "+-1"];
    private static readonly string[] NotUInt32 = ["4294967296", "0x100000000", "18446744073709551615"];
    private static readonly string[] NotSize = ["", "k", "1.5", "1e3", "1kB", "16E", "-1", "1.5B", "abc", "1 M", "18446744073709551616", "0x", "1MM", "0x1.8M"];
    private static readonly string[] NotRange = ["abc", "1-", "-", "-1", "3-1", "0-65536", "", "0x", "1-2-3"];

    /// <summary>A value each kind accepts, to fill the mandatory properties of a line.</summary>
    private static string Valid(PropertySchema p) => p.Kind switch
    {
        PropertyKind.String => "x",
        PropertyKind.Bool => "on",
        PropertyKind.Size => "1M",
        PropertyKind.Enum => p.EnumValues[0],
        _ => "1",
    };

    /// <summary>type,id=o0 with every mandatory property, then <paramref name="name"/>=<paramref name="value"/>.</summary>
    internal static string Line(ObjectTypeSchema schema, string? name = null, string? value = null)
    {
        var sb = new StringBuilder(schema.Name).Append(",id=o0");
        foreach (var p in schema.Properties.Where(p => p.Required && p.Name != name))
        {
            sb.Append(',').Append(p.Name).Append('=').Append(Valid(p));
        }

        if (name is not null)
        {
            sb.Append(',').Append(name).Append('=').Append(ObjectLineWriter.Escape(value!));
        }

        return sb.ToString();
    }

    public static TheoryData<string, string, string, string> BadValues()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var schema in T.SeedSchemas)
        {
            foreach (var p in schema.Properties)
            {
                var n = p.Name;
                IEnumerable<(string Value, string Message)> cases = p.Kind switch
                {
                    PropertyKind.Bool => BadBools.Select(v => (v, $"Parameter '{n}' expects 'on' or 'off'")),
                    PropertyKind.Int32 => NotInt64.Select(v => (v, $"Parameter '{n}' expects an int64 value"))
                        .Concat(NotInt32.Select(v => (v, $"Parameter '{n}' expects int32_t"))),
                    PropertyKind.Int64 => NotInt64.Select(v => (v, $"Parameter '{n}' expects an int64 value")),
                    PropertyKind.UInt32 => NotUInt64.Select(v => (v, $"Parameter '{n}' expects a uint64 value"))
                        .Concat(NotUInt32.Select(v => (v, $"Parameter '{n}' expects uint32_t"))),
                    PropertyKind.UInt64 or PropertyKind.UInt16 => NotUInt64.Select(v => (v, $"Parameter '{n}' expects a uint64 value")),
                    PropertyKind.Size => NotSize.Select(v => (v, $"Parameter '{n}' expects a size value")),
                    PropertyKind.Enum => new[] { "bogus", "", p.EnumValues[0].ToUpperInvariant(), p.EnumValues[0] + " ", " " + p.EnumValues[^1] }
                        .Select(v => (v, $"Parameter '{n}' does not accept value '{v}'")),
                    PropertyKind.UInt16List => NotRange.Select(v => (v, $"Parameter '{n}' expects a uint64 value or range"))
                        .Append(("65536", "Parameter 'null' expects uint16_t")).Append(("1-65536", "Parameter 'null' expects uint16_t")),

                    // A dotted line gives the value to each member of the first struct (QEMU 7.2's options visitor).
                    PropertyKind.StructList => [("exact", "Parameter 'policy' does not accept value 'exact'")],
                    _ => [],
                };
                foreach (var (value, message) in cases)
                {
                    data.Add(schema.Name, n, value, message);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BadValues))]
    public void BadValueIsRefusedWithQemusMessage(string type, string property, string value, string message)
    {
        var schema = T.SeedSchemas.Single(s => s.Name == type);
        var e = T.OptionRejects(Line(schema, property, value), message);
        Assert.Equal(property, e.Property);
        Assert.Equal("o0", e.ObjectId);
        Assert.Equal(ErrorCodes.InvalidParameterValue, e.Code);
    }

    [Fact]
    public void EveryTypeAndEveryNonStringPropertyHasBadValueCases()
    {
        var covered = BadValues().Select(row => (row.Data.Item1, row.Data.Item2)).ToHashSet();
        foreach (var schema in T.SeedSchemas)
        {
            foreach (var p in schema.Properties.Where(p => p.Kind != PropertyKind.String))
            {
                Assert.Contains((schema.Name, p.Name), covered);
            }
        }

        Assert.True(T.SeedSchemas.Count >= 25, "the seed schema lost types");
    }

    public static TheoryData<string, string, string, string> GoodValues()
    {
        var data = new TheoryData<string, string, string, string>();
        foreach (var schema in T.SeedSchemas)
        {
            foreach (var p in schema.Properties.Where(p => !p.IsReadOnly && p.Kind != PropertyKind.StructList))
            {
                IEnumerable<(string Text, string Canonical)> cases = p.Kind switch
                {
                    PropertyKind.Bool => [("on", "on"), ("yes", "on"), ("true", "on"), ("y", "on"), ("off", "off"), ("no", "off"), ("false", "off"), ("n", "off")],
                    PropertyKind.Int32 => [("0x10", "16"), ("-2147483648", "-2147483648"), ("2147483647", "2147483647"), (" +5", "5"), ("010", "8"), ("-0x10", "-16")],
                    PropertyKind.Int64 => [("9223372036854775807", "9223372036854775807"), ("-9223372036854775808", "-9223372036854775808"), ("0X1f", "31"), ("\t7", "7")],
                    PropertyKind.UInt32 => [("4294967295", "4294967295"), ("0", "0"), ("0xffffffff", "4294967295"), ("017", "15"), ("+3", "3")],
                    PropertyKind.UInt64 => [("18446744073709551615", "18446744073709551615"), ("0x10", "16")],
                    PropertyKind.Size => [("1M", "1M"), ("1.5k", "1536"), ("0x10", "16"), ("15E", "15E"), ("2048", "2K")],
                    PropertyKind.Enum => p.EnumValues.Select(v => (v, v)),
                    PropertyKind.UInt16List => [("0", "0"), ("0-3", "0,1,2,3"), ("65535", "65535"), ("5-5", "5")],
                    _ => [("a,b", "a,b"), ("", ""), ("=", "=")],
                };
                foreach (var (text, canonical) in cases)
                {
                    data.Add(schema.Name, p.Name, text, canonical);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(GoodValues))]
    public void GoodValueIsParsedAsQemuParsesIt(string type, string property, string text, string canonical)
    {
        var schema = T.SeedSchemas.Single(s => s.Name == type);
        var validated = T.Validates(Line(schema, property, text));
        var (_, value) = validated.Values.Single(v => v.Property.Name == property);
        Assert.Equal(canonical, value.Canonical);
        Assert.Equal(text, value.Text);
    }

    public static TheoryData<string, string> ReadOnlyProperties()
    {
        var data = new TheoryData<string, string>();
        foreach (var schema in T.SeedSchemas)
        {
            foreach (var p in schema.Properties.Where(p => p.IsReadOnly))
            {
                data.Add(schema.Name, p.Name);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ReadOnlyProperties))]
    public void ReadOnlyPropertiesParseButRefuseEveryValue(string type, string property)
    {
        var schema = T.SeedSchemas.Single(s => s.Name == type);
        foreach (var value in new[] { "on", "off" })
        {
            // The value is a valid bool; only setting it fails, when the object is created.
            var line = Line(schema, property, value) + (type == "secret" ? ",data=x" : "");
            T.Validates(line);
            var e = T.Rejects($"Property '{type}.{property}' is not writable", line);
            Assert.Equal(ErrorCodes.PropertyNotWritable, e.Code);
            Assert.Equal(property, e.Property);
        }
    }

    [Fact]
    public void TheReadOnlyPropertiesAreLoadedAndOpened()
    {
        var readOnly = ReadOnlyProperties().Select(r => $"{r.Data.Item1}.{r.Data.Item2}").ToList();
        Assert.Contains("secret.loaded", readOnly);
        Assert.Contains("secret_keyring.loaded", readOnly);
        Assert.Contains("tls-creds-x509.loaded", readOnly);
        Assert.Contains("rng-random.opened", readOnly);
    }

    public static TheoryData<string> TypeNames()
    {
        var data = new TheoryData<string>();
        foreach (var schema in T.SeedSchemas)
        {
            data.Add(schema.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(TypeNames))]
    public void CheckOrderOfEveryType(string type)
    {
        var schema = T.SeedSchemas.Single(s => s.Name == type);

        // id is missing before anything else is looked at.
        T.OptionRejects($"{type},foo=1", "Parameter 'id' is missing");

        // A missing mandatory property is reported before an unknown one, wherever that stands.
        foreach (var required in schema.Properties.Where(p => p.Required))
        {
            var line = Line(schema).Replace($",{required.Name}={Valid(required)}", "", StringComparison.Ordinal);
            T.OptionRejects($"{type},id=o0,foo=1" + line[$"{type},id=o0".Length..], $"Parameter '{required.Name}' is missing");
        }

        // Bad values are found in schema order, not line order, and before an unknown property.
        var checkable = schema.Properties.Where(p => p.Kind != PropertyKind.String).ToList();
        if (checkable.Count > 0)
        {
            var sb = new StringBuilder($"{type},id=o0,foo=1");
            foreach (var p in schema.Properties.Where(p => p.Required && p.Kind == PropertyKind.String))
            {
                sb.Append(',').Append(p.Name).Append("=x");
            }

            foreach (var p in Enumerable.Reverse(checkable))
            {
                sb.Append(',').Append(p.Name).Append("=bad value");
            }

            var first = checkable[0];
            var e = Assert.Throws<ObjectOptionException>(() => T.Validates(sb.ToString()));
            Assert.Equal(first.Name, e.Property);
        }

        // With everything else right, the unknown property is the error.
        T.OptionRejects(Line(schema) + ",foo=1", "Invalid parameter 'foo'");
        T.Validates(Line(schema));
    }

    [Theory]
    [InlineData("", "Parameter 'qom-type' is missing")]
    [InlineData("id=s0,foo=1,format=x", "Parameter 'qom-type' is missing")]
    [InlineData("bogus", "Parameter 'qom-type' does not accept value 'bogus'")]
    [InlineData("bogus,foo=1", "Parameter 'qom-type' does not accept value 'bogus'")]
    [InlineData("secret", "Parameter 'id' is missing")]
    [InlineData("secret,foo=1,format=bogus", "Parameter 'id' is missing")]
    [InlineData("secret,id=s0,foo=1,format=bogus", "Parameter 'format' does not accept value 'bogus'")]
    [InlineData("secret,id=s0,format=bogus,loaded=maybe", "Parameter 'loaded' expects 'on' or 'off'")]
    [InlineData("secret,id=s0,iv=x,format=bogus,foo=1", "Parameter 'format' does not accept value 'bogus'")]
    [InlineData("secret,id=s0,data=x,foo=1,loaded=on", "Invalid parameter 'foo'")]
    [InlineData("secret_keyring,id=k0", "Parameter 'serial' is missing")]
    [InlineData("secret_keyring,id=k0,foo=1,format=x", "Parameter 'format' does not accept value 'x'")]
    [InlineData("secret_keyring,id=k0,foo=1,loaded=x", "Parameter 'loaded' expects 'on' or 'off'")]
    [InlineData("secret_keyring,id=k0,foo=1", "Parameter 'serial' is missing")]
    [InlineData("memory-backend-ram,id=m0,foo=1", "Parameter 'size' is missing")]
    [InlineData("memory-backend-ram,id=m0,foo=1,share=x,size=bad", "Parameter 'share' expects 'on' or 'off'")]
    [InlineData("memory-backend-ram,id=m0,size=bad,share=x", "Parameter 'share' expects 'on' or 'off'")]
    [InlineData("memory-backend-ram,id=m0,size=bad,dump=x,reserve=x", "Parameter 'dump' expects 'on' or 'off'")]
    [InlineData("memory-backend-ram,id=m0,x-use-canonical-path-for-ramblock-id=x,size=x", "Parameter 'size' expects a size value")]
    [InlineData("memory-backend-ram,id=m0,foo=1,size=1M", "Invalid parameter 'foo'")]
    [InlineData("memory-backend-file,id=m0,size=1M", "Parameter 'mem-path' is missing")]
    [InlineData("memory-backend-file,id=m0,mem-path=/x,size=1M,readonly=x,pmem=x", "Parameter 'pmem' expects 'on' or 'off'")]
    [InlineData("filter-buffer,id=f0", "Parameter 'netdev' is missing")]
    [InlineData("filter-buffer,id=f0,interval=1", "Parameter 'netdev' is missing")]
    [InlineData("filter-buffer,id=f0,netdev=n0", "Parameter 'interval' is missing")]
    [InlineData("filter-buffer,id=f0,netdev=n0,interval=x,queue=x", "Parameter 'queue' does not accept value 'x'")]
    [InlineData("tls-creds-x509,id=t0,sanity-check=x,verify-peer=x", "Parameter 'verify-peer' expects 'on' or 'off'")]
    [InlineData("colo-compare,id=c0,primary_in=a,secondary_in=b,outdev=c", "Parameter 'iothread' is missing")]
    public void CheckOrder(string line, string message) => T.OptionRejects(line, message);
}
