using System.Text;
using Qcrypto.Composition;
using Qcrypto.Objects;
using Qcrypto.Objects.Json;
using Qcrypto.Objects.Schema;

namespace Qcrypto.Interop.Tests;

/// <summary>
/// Cases of <see cref="QemuOracleJsonTests"/>: JSON <c>-object</c> arguments. QEMU's JSON grammar and
/// messages, every modelled type's members given well and with values of every wrong JSON type, numbers at
/// and beyond each width, missing and unexpected members (several at once: which one QEMU names), two
/// faulty members (which one wins), ids checked at creation, duplicate ids across both forms, and
/// authz-list's rules (a list of structs only JSON can give).
/// </summary>
internal static class OracleJsonCorpus
{
    public static List<OracleCase> Build(OracleEnvironment env)
    {
        var cases = new List<OracleCase>();
        Grammar(cases);
        foreach (var type in QcryptoCatalog.Create().Types.Where(t => t.IsModelled && !t.IsBeyondQemu))
        {
            Members(cases, type.Schema, env);
        }

        Order(cases);
        Ids(cases);
        Rules(cases);
        return cases;
    }

    private static void One(List<OracleCase> cases, params string[] lines) => cases.Add(new OracleCase(lines));

    private static void Grammar(List<OracleCase> cases)
    {
        const string S = "{\"qom-type\":\"secret\",\"id\":\"s0\",";
        string[] lines =
        [
            S + "\"data\":\"x\"}", " " + S + "\"data\":\"x\"}", S + "\"data\":\"x\"} ", S + "\"data\":\"x\"}\n", S + "\"data\":\"x\"}\t",
            "{\t\"qom-type\" : \"secret\" ,\r\n\"id\":\"s0\",\"data\":\"x\"}", "{'qom-type':'secret','id':'s0','data':'x'}",
            S + "'data':'a\"b'}", S + "\"data\":'it\\'s'}", S + "\"data\":\"\\u00e9\\u20ac\\ud83d\\ude00\"}", S + "\"data\":\"é€😀\"}",
            S + "\"data\":\"\\u0000\"}", S + "\"data\":\"\\uD800\"}", S + "\"data\":\"\\uDC00\"}", S + "\"data\":\"\\uD800\\u0041\"}",
            S + "\"data\":\"\\u12G4\"}", S + "\"data\":\"\\u12\"}", S + "\"data\":\"\\q\"}", S + "\"data\":\"\\/\\b\\f\\n\\r\\t\"}",
            S + "\"data\":\"\\uFFFE\"}", S + "\"data\":\"\\uFDD0\"}", S + "\"data\":\"\uFFFF\"}", S + "\"data\":\"a\tb\"}",
            S + "\"data\":\"x\",}", S + "\"data\":x}", S + "\"data\":\"abc", S + "\"data\":01}", S + "\"data\":-}", S + "\"data\":1.}",
            S + "\"data\":1e}", S + "\"data\":.5}", S + "\"data\":+1}", S + "\"data\":tru}", S + "\"data\":True}", S + "\"data\":nul}",
            "{\"qom-type\":\"secret\",\"id\":\"s0\" \"data\":\"x\"}", S + "\"data\" \"x\"}", S + "\"data\":}", S + "\"data\"}", S + "1:\"x\"}",
            S + "\"data\":\"x\"}}", S + "\"data\":\"x\"}]", S + "\"data\":\"x\"}{}", S + "\"data\":\"x\"} x", S + "\"data\":\"x\"},",
            S + "\"data\":\"x\",\"data\":\"y\"}", S + "\"data\":\"x\",\"data\":1}", "{", "{\"qom-type\"", "{\"qom-type\":", "{\"qom-type\":\"secret\"",
            "{\"qom-type\":\"secret\",", "{}", "{]", "{[}", "{\"a\":[1,}", "{\"a\":[1 2]}", "{\"a\":{\"b\":1,\"b\":2}}", "{\"a\":[}",
            "{\"id\":\"s0\",\"data\":\"x\"}", "{\"qom-type\":\"secret\",\"data\":\"x\"}", "{\"qom-type\":1,\"id\":\"s0\"}",
            "{\"qom-type\":\"bogus\",\"id\":\"s0\"}", "{\"qom-type\":\"help\"}", "{\"qom-type\":\"Secret\",\"id\":\"s0\",\"data\":\"x\"}",
            "{\"qom-type\":null,\"id\":\"s0\"}", "{\"qom-type\":\"secret\",\"id\":null,\"data\":\"x\"}", "{\"qom-type\":\"secret\",\"id\":1,\"data\":\"x\"}",
            S + "\"data\":\"x\",\"help\":true}", S + "\"data\":\"x\",\"\":1}", S + "\"data\":\"x\",\"Data\":\"y\"}", S + "\"data\":\"x\",\"format\":\"raw\"}",
            S + "\"data\":\"x\",\"format\":\"Raw\"}", S + "\"data\":\"x\",\"format\":null}", S + "\"data\":[\"x\"]}", S + "\"data\":{}}",
            S + "\"file\":\"/nonexistent\"}", S + "\"data\":\"x\",\"loaded\":true}", S + "\"data\":\"x\",\"loaded\":\"on\"}",
            S + "\"data\":\"x\",\"keyid\":\"nokey\",\"iv\":\"AAAAAAAAAAAAAAAAAAAAAA==\"}", "{\"qom-type\":\"iothread\",\"id\":\"i0\",\"poll-max-ns\":1,\"x\":{\"y\":[1,{\"z\":2}]}}",
            "{\"qom-type\":\"iothread\",\"id\":\"i0\",\"poll-max-ns\":" + new string('[', 20) + new string(']', 20) + "}",
            "{\"qom-type\":\"iothread\",\"id\":\"i0\",\"a\":" + new string('[', 1100) + new string(']', 1100) + "}",
            "{\"qom-type\":\"iothread\",\"id\":\"i0\"," + new string(' ', 100) + "\"poll-max-ns\":-0}", "{\"qom-type\":\"iothread\",\"id\":\"i0\",\"poll-max-ns\":-0.0}",
        ];
        foreach (var line in lines)
        {
            One(cases, line);

            // The same with a member that is not secret: QEMU's messages echo its text, and so do ours.
            if (line.Contains("\"data\":", StringComparison.Ordinal) || line.Contains("'data':", StringComparison.Ordinal))
            {
                One(cases, line.Replace("\"data\":", "\"keyid\":", StringComparison.Ordinal).Replace("'data':", "'keyid':", StringComparison.Ordinal));
            }
        }
    }

    // Wrong values of each JSON type for each QAPI type (rotated over the members of a kind).
    private static readonly string[] NotStrings = ["1", "true", "null", "[]", "{}", "1.5", "[\"x\"]", "-1"];
    private static readonly string[] NotBools = ["\"on\"", "1", "0", "null", "\"true\"", "[]", "{}"];
    private static readonly string[] BadInts = ["\"2\"", "1.5", "9223372036854775808", "-9223372036854775809", "true", "null", "1e3", "2.0", "18446744073709551615"];
    private static readonly string[] BadUInts = ["\"7\"", "1.5", "18446744073709551616", "4294967296", "65536", "-1", "true", "null", "-9223372036854775808", "1e2"];
    private static readonly string[] BadSizes = ["\"1M\"", "1.5", "18446744073709551616", "\"1024\"", "null", "false", "1048576.0"];
    private static readonly string[] BadEnums = ["1", "\"bogus\"", "null", "true", "\"\"", "[\"raw\"]"];
    private static readonly string[] BadLists = ["0", "[\"0\"]", "[70000]", "[-1]", "[0.5]", "{}", "[null]", "\"0\""];

    private static int _rotation;

    private static string Pick(string[] table) => table[_rotation++ % table.Length];

    private static void Members(List<OracleCase> cases, ObjectTypeSchema schema, OracleEnvironment env)
    {
        var hostType = OracleCorpus.HostDependentTypes.Contains(schema.Name);
        var baseMembers = Typed(schema, OracleCorpus.Base(schema, env));
        var prefix = schema.Name == "colo-compare" ? new[] { "iothread,id=io0" } : [];

        void Add(IEnumerable<(string Name, string Json)> members, bool host = false)
        {
            var line = new StringBuilder("{\"qom-type\":");
            ObjectJsonWriter.AppendString(line, schema.Name).Append(",\"id\":\"o0\"");
            foreach (var (n, v) in members)
            {
                line.Append(',');
                ObjectJsonWriter.AppendString(line, n).Append(':').Append(v);
            }

            cases.Add(new OracleCase([.. prefix, line.Append('}').ToString()], hostType || host));
        }

        List<(string, string)> With(string name, string json) => [.. baseMembers.Where(p => p.Name != name), (name, json)];

        Add(baseMembers);
        foreach (var required in schema.Properties.Where(p => p.Required))
        {
            Add(baseMembers.Where(p => p.Name != required.Name));
        }

        Add([.. baseMembers, ("bogus-property", "1")]);
        Add([("zz-unknown", "\"x\""), .. baseMembers, ("another-one", "2")]);

        foreach (var p in schema.Properties.Where(p => !p.IsStruct && p.Within is null))
        {
            var host = OracleCorpus.NamesResource(schema.Name, p.Name) || p.Name is "hugetlb" or "readonly" or "align" or "host-nodes" or "size";
            switch (p.Kind)
            {
                case PropertyKind.Bool:
                    Add(With(p.Name, _rotation++ % 2 == 0 ? "true" : "false"), host);
                    Add(With(p.Name, Pick(NotBools)));
                    break;
                case PropertyKind.Enum:
                    foreach (var v in p.EnumValues)
                    {
                        Add(With(p.Name, $"\"{v}\""), host);
                    }

                    Add(With(p.Name, Pick(BadEnums)));
                    break;
                case PropertyKind.Int32 or PropertyKind.Int64:
                    Add(With(p.Name, Pick(["2", "-3", "0", "9223372036854775807", "-2147483648"])), host);
                    Add(With(p.Name, Pick(BadInts)));
                    Add(With(p.Name, p.Kind == PropertyKind.Int32 ? "2147483648" : "9223372036854775808"));
                    break;
                case PropertyKind.UInt16 or PropertyKind.UInt32 or PropertyKind.UInt64:
                    Add(With(p.Name, Pick(["0", "64", "7", "65535"])), host);
                    Add(With(p.Name, Pick(BadUInts)));
                    Add(With(p.Name, p.Kind switch { PropertyKind.UInt16 => "65536", PropertyKind.UInt32 => "4294967296", _ => "-5" }), host);
                    break;
                case PropertyKind.Size:
                    Add(With(p.Name, Pick(["2097152", "0", "4096"])), host: true);
                    Add(With(p.Name, Pick(BadSizes)));
                    break;
                case PropertyKind.UInt16List:
                    Add(With(p.Name, "[0]"), host: true);
                    Add(With(p.Name, "[]"), host: true);
                    Add(With(p.Name, Pick(BadLists)));
                    break;
                case PropertyKind.StructList:
                    break;
                case PropertyKind.String when !OracleCorpus.NamesResource(schema.Name, p.Name):
                    Add(With(p.Name, "\"a,b\""), host);
                    Add(With(p.Name, Pick(NotStrings)));
                    break;
                case PropertyKind.String:
                    Add(With(p.Name, Pick(NotStrings)));
                    break;
            }
        }
    }

    /// <summary>The dotted base values as typed JSON members (through our own reading of the dotted form).</summary>
    private static List<(string Name, string Json)> Typed(ObjectTypeSchema schema, List<(string Name, string Value)> members) =>
        [.. members.Select(m =>
        {
            var property = schema.Find(m.Name)!;
            return (m.Name, ObjectJsonWriter.Value(PropertyValueParser.Parse(property, m.Value, "o0")));
        })];

    /// <summary>Which of two faulty members QEMU reports, and which of several unexpected keys it names.</summary>
    private static void Order(List<OracleCase> cases)
    {
        One(cases, "{\"qom-type\":\"secret\",\"id\":\"s0\",\"keyid\":2,\"data\":1}");
        One(cases, "{\"qom-type\":\"secret\",\"id\":\"s0\",\"data\":1,\"keyid\":2}");
        One(cases, "{\"qom-type\":\"secret\",\"id\":\"s0\",\"format\":\"bogus\",\"data\":1}");
        One(cases, "{\"data\":1,\"id\":\"s0\",\"qom-type\":\"secret\",\"format\":\"bogus\"}");
        One(cases, "{\"qom-type\":\"memory-backend-ram\",\"id\":\"m0\",\"size\":\"1M\",\"share\":1}");
        One(cases, "{\"qom-type\":\"memory-backend-ram\",\"id\":\"m0\",\"share\":1,\"size\":\"1M\"}");
        One(cases, "{\"qom-type\":\"memory-backend-ram\",\"id\":\"m0\",\"size\":0,\"prealloc-threads\":0}");
        One(cases, "{\"qom-type\":\"memory-backend-ram\",\"id\":\"m0\",\"prealloc-threads\":0,\"size\":0}");
        One(cases, "{\"qom-type\":\"iothread\",\"id\":\"i0\",\"thread-pool-min\":5,\"thread-pool-max\":1}");
        One(cases, "{\"qom-type\":\"secret\",\"id\":\"s0\",\"data\":\"x\",\"zzz\":1,\"foo\":1}");
        One(cases, "{\"qom-type\":\"secret\",\"id\":\"s0\",\"data\":\"x\",\"foo\":1,\"zzz\":1}");

        // Sets of unknown keys: the one QEMU names depends on its hash tables, not on the order given.
        string[] names = ["a", "b", "foo", "bar", "x-y", "zz", "help", "Data", "id2", "q", "longer-name", "m", "n", "o", "p", "k9"];
        var random = new Random(14);
        for (var i = 0; i < 40; i++)
        {
            var picked = names.OrderBy(_ => random.Next()).Take(2 + (i % 6)).ToList();
            var line = new StringBuilder("{\"qom-type\":\"secret\",\"id\":\"s0\"");
            var dataAt = random.Next(picked.Count + 1);
            for (var k = 0; k <= picked.Count; k++)
            {
                line.Append(k == dataAt ? ",\"data\":\"x\"" : "");
                if (k < picked.Count)
                {
                    line.Append(",\"").Append(picked[k]).Append("\":").Append(k);
                }
            }

            One(cases, line.Append('}').ToString());
        }
    }

    /// <summary>Ids: checked at creation in the JSON form; taken ids across both forms.</summary>
    private static void Ids(List<OracleCase> cases)
    {
        foreach (var id in new[] { "1s", "", "a b", "é", "_a", "a:b", "a-b.c_d9" })
        {
            One(cases, $"{{\"qom-type\":\"secret\",\"id\":\"{id}\",\"data\":\"x\"}}");
        }

        One(cases, "{\"qom-type\":\"memory-backend-epc\",\"id\":\"1x\",\"size\":1}");
        One(cases, "{\"qom-type\":\"memory-backend-epc\",\"id\":\"x\",\"size\":1}");
        One(cases, "{\"qom-type\":\"secret\",\"id\":\"1s\",\"data\":\"x\",\"format\":\"base64\"}");
        One(cases, "{\"qom-type\":\"secret\",\"id\":\"s0\",\"data\":\"x\"}", "{\"qom-type\":\"secret\",\"id\":\"s0\",\"data\":\"y\"}");
        One(cases, "secret,id=s0,data=x", "{\"qom-type\":\"secret\",\"id\":\"s0\",\"data\":\"y\"}");
        One(cases, "{\"qom-type\":\"secret\",\"id\":\"s0\",\"data\":\"y\"}", "secret,id=s0,data=x");
        One(cases, "{\"qom-type\":\"secret\",\"id\":\"s0\",\"data\":\"y\"}", "{\"qom-type\":\"secret\",\"id\":\"s0\",\"data\":1}");
        One(cases, "{\"qom-type\":\"secret\",\"id\":\"s0\",\"data\":\"y\"}", "{\"qom-type\":\"secret\",\"id\":\"s0\",\"data\":\"z\",\"format\":\"base64\"}");
        One(cases, "{\"qom-type\":\"iothread\",\"id\":\"s0\"}", "{\"qom-type\":\"secret\",\"id\":\"s0\",\"data\":\"z\",\"loaded\":true}");
        One(cases, "{\"qom-type\":\"secret\",\"id\":\"m\",\"data\":\"MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=\",\"format\":\"base64\"}",
            "{\"qom-type\":\"secret\",\"id\":\"s1\",\"data\":\"x\",\"keyid\":\"m\",\"iv\":\"AAAAAAAAAAAAAAAAAAAAAA==\"}");
        One(cases, "{\"qom-type\":\"memory-backend-ram\",\"id\":\"m0\",\"size\":1048576}", "{\"qom-type\":\"secret\",\"id\":\"s0\",\"data\":1}");
        One(cases, "{\"qom-type\":\"memory-backend-ram\",\"id\":\"m0\",\"size\":0}", "{\"qom-type\":\"secret\",\"id\":\"s0\",\"data\":\"x\",\"keyid\":\"none\"}");
    }

    /// <summary>authz-list's rules: a list of structs with their own members and full names in messages.</summary>
    private static void Rules(List<OracleCase> cases)
    {
        string[] rules =
        [
            "[]", "[{\"match\":\"CN=*\",\"policy\":\"allow\",\"format\":\"glob\"}]", "[{\"match\":\"a\",\"policy\":\"deny\"},{\"match\":\"b\",\"policy\":\"allow\"}]",
            "[{\"match\":\"a\",\"policy\":\"allow\",\"x\":1}]", "[{\"policy\":\"allow\"}]", "[{\"match\":\"a\"}]", "[1]", "{}", "\"x\"", "null",
            "[{\"match\":\"a\",\"policy\":\"bogus\"}]", "[{\"match\":1,\"policy\":\"allow\"}]", "[{\"match\":\"a\",\"policy\":\"allow\",\"format\":\"regex\"}]",
            "[{\"match\":\"a\",\"policy\":\"allow\",\"format\":1}]", "[{\"match\":\"a\",\"policy\":\"allow\"},2]", "[{\"match\":\"a\",\"policy\":\"allow\"},{\"policy\":\"x\"}]",
            "[{\"match\":\"a\",\"policy\":\"allow\",\"y\":1,\"x\":2,\"zz\":3}]", "[[]]", "[{\"match\":\"a\",\"policy\":\"allow\",\"match\":\"b\"}]",
        ];
        foreach (var r in rules)
        {
            One(cases, "{\"qom-type\":\"authz-list\",\"id\":\"a0\",\"rules\":" + r + "}");
            One(cases, "{\"qom-type\":\"authz-list\",\"id\":\"a0\",\"policy\":\"allow\",\"rules\":" + r + ",\"extra\":1}");
        }

        One(cases, "authz-list,id=a0,rules=exact");
        One(cases, "authz-list,id=a0,rules=x,policy=allow");
    }
}
