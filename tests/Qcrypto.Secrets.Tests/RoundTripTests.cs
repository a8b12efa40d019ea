using System.Globalization;
using System.Security.Cryptography;
using CsCheck;
using Qcrypto.Errors;
using Qcrypto.Objects;
using Qcrypto.Objects.Schema;

namespace Qcrypto.Tests;

/// <summary>
/// Random valid objects of every seed type print as a canonical <c>-object</c> line that parses back
/// to the same object (values with commas, every spelling of booleans, numbers and sizes).
/// </summary>
public sealed class RoundTripTests : IDisposable
{
    private readonly ScratchDir _dir = new();
    private readonly KernelKeys _keys = new();

    public void Dispose()
    {
        _keys.Dispose();
        _dir.Dispose();
    }

    // Text with the characters that matter to the grammar: commas, '=', spaces, non-ASCII.
    private static readonly Gen<string> Text = Gen.String[Gen.Char["ab,=, x-é0\t;"], 0, 12];

    private static Gen<string> Spelled(Gen<ulong> numbers) =>
        Gen.Select(numbers, Gen.Int[0, 2], (n, style) => style switch
        {
            0 => n.ToString(CultureInfo.InvariantCulture),
            1 => "0x" + n.ToString("x", CultureInfo.InvariantCulture),
            _ => n == 0 ? "0" : "0" + Convert.ToString((long)Math.Min(n, long.MaxValue), 8),
        });

    // Objects a link property may name (they exist in every registry the test creates objects in).
    private static readonly string[] Setup = [T.MasterLine(), "thread-context,id=tc0", "iothread,id=io0"];

    private static Gen<string> Value(PropertySchema p) => p.LinkTo is { } target ? Gen.Const(target == "iothread" ? "io0" : "tc0") : p.Kind switch
    {
        PropertyKind.Bool => Gen.OneOfConst("on", "off", "yes", "no", "true", "false", "y", "n"),
        PropertyKind.Int32 => Gen.Int.Select(i => i.ToString(CultureInfo.InvariantCulture)),
        PropertyKind.Int64 => Gen.Long[0, long.MaxValue].Select(i => i.ToString(CultureInfo.InvariantCulture)),
        PropertyKind.UInt32 => Spelled(Gen.UInt[1, uint.MaxValue].Select(u => (ulong)u)),
        PropertyKind.UInt64 or PropertyKind.UInt16 => Spelled(Gen.ULong[1, ulong.MaxValue]),
        PropertyKind.Size => Gen.Select(Gen.ULong[1, 1UL << 40], Gen.OneOfConst("", "k", "K", "M", "b"), Gen.Int[0, 1], (n, suffix, fraction) =>
            suffix is "" or "b" ? n.ToString(CultureInfo.InvariantCulture) + suffix
            : fraction == 1 ? (n % 1024).ToString(CultureInfo.InvariantCulture) + ".5" + suffix
            : (n % 100000).ToString(CultureInfo.InvariantCulture) + suffix),
        PropertyKind.Enum => Gen.OneOfConst([.. p.EnumValues]),
        PropertyKind.UInt16List => Gen.UShort[0, 127].Array[1, 4].Select(a => string.Join($",{p.Name}=", a)),
        _ => Text,
    };

    /// <summary>A line of <paramref name="schema"/>: every mandatory property and a random subset of the others, shuffled.</summary>
    private Gen<string> Line(ObjectTypeSchema schema)
    {
        var settable = schema.Properties.Where(p => !p.IsReadOnly && p.Kind != PropertyKind.StructList && !(schema.Name.StartsWith("secret", StringComparison.Ordinal)
            && p.Name is "data" or "file" or "keyid" or "iv" or "format" or "serial")).ToList();
        var parts = settable.Select(p => Gen.Select(Gen.Bool, Value(p), (present, value) =>
            present || p.Required ? $",{p.Name}={(p.Kind == PropertyKind.UInt16List ? value : ObjectLineWriter.Escape(value))}" : "")).ToList();
        var source = schema.Name switch
        {
            "secret" => SecretSource(),
            "secret_keyring" => Gen.Const($",serial={_keys.Add("keyring payload, with comma")}"),
            _ => Gen.Const(""),
        };
        var all = parts.Aggregate(Gen.Const(new List<string>()), (acc, part) => acc.SelectMany(list => part.Select(v => new List<string>(list) { v })));
        return Gen.Select(all, source, Gen.Int, (values, src, seed) =>
        {
            var shuffled = new List<string>(values);
            new Random(seed).Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(shuffled));
            return $"{ObjectLineWriter.Escape(schema.Name)},id=o1{src}" + string.Concat(shuffled);
        });
    }

    private Gen<string> SecretSource()
    {
        var file = _dir.File("se,cret", "file secret");
        return Gen.Int[0, 3].SelectMany(kind => kind switch
        {
            0 => Text.Select(t => $",data={ObjectLineWriter.Escape(t)}"),
            1 => Gen.Byte.Array[0, 20].Select(b => $",format=base64,data={Convert.ToBase64String(b)}"),
            2 => Gen.Const($",file={ObjectLineWriter.Escape(file)},format=raw"),
            _ => Gen.Select(Gen.Byte.Array[0, 40], Gen.Byte.Array[16], (b, iv) =>
            {
                using var aes = Aes.Create();
                aes.Key = Convert.FromBase64String(T.MasterKeyBase64);
                return $",keyid=k0,iv={Convert.ToBase64String(iv)},format=base64,data={Convert.ToBase64String(aes.EncryptCbc(b, iv, PaddingMode.PKCS7))}";
            }),
        });
    }

    [Fact]
    public void EveryTypeRoundTripsThroughItsCanonicalLine()
    {
        var created = new Dictionary<string, int>();
        var refused = 0;
        var gen = Gen.OneOf([.. T.SeedSchemas.Select(Line)]);
        gen.Sample(line =>
        {
            using var first = T.With(Setup);
            UserCreatable obj;
            try
            {
                obj = first.Add(line);
            }
            catch (ObjectException)
            {
                // Valid options that a setter or complete() refuses (queues=2, thread-pool bounds, ...).
                Interlocked.Increment(ref refused);
                return;
            }

            lock (created)
            {
                created[obj.TypeName] = created.GetValueOrDefault(obj.TypeName) + 1;
            }

            var canonical = obj.ToObjectLine(redactSensitive: false);
            using var second = T.With(Setup);
            var again = second.Add(canonical);
            Assert.Equal(obj.TypeName, again.TypeName);
            Assert.Equal(obj.Id, again.Id);
            Assert.Equal(obj.Values.Count, again.Values.Count);
            foreach (var (property, value) in obj.Values)
            {
                var other = again.Get(property.Name);
                Assert.True(other is { } o && o.SameAs(value), $"{property.Name}: {value.Canonical} became {other?.Canonical} via {canonical}");
            }

            // Canonical lines are a fixed point, and secrets hold the same bytes.
            Assert.Equal(canonical, again.ToObjectLine(redactSensitive: false));
            if (obj is SecretObjects.SecretCommon)
            {
                Assert.Equal(T.Bytes(first, "o1"), T.Bytes(second, "o1"));
            }
        }, iter: 3000, threads: 1);

        // The generator reaches every type, and most objects it makes are accepted.
        Assert.Equal(T.SeedSchemas.Select(s => s.Name).Order(), created.Keys.Order());
        Assert.True(refused < 1000, $"{refused} of 3000 generated objects were refused");
    }

    [Fact]
    public void CanonicalSpellings()
    {
        using var registry = T.With(
            "memory-backend-ram,id=m0,size=1536k,share=yes,prealloc-threads=0x10,policy=bind,host-nodes=0-2,host-nodes=5",
            "secret,id=s0,data=a,,b=c,format=raw");
        // Properties come in the order QEMU sets them (QDictOrder), values in their canonical spelling.
        Assert.Equal("memory-backend-ram,id=m0,share=on,host-nodes=0,host-nodes=1,host-nodes=2,host-nodes=5,prealloc-threads=16,size=1536K,policy=bind",
            registry.Find("m0")!.ToObjectLine());
        Assert.Equal("secret,id=s0,format=raw,data=a,,b=c", registry.Find("s0")!.ToObjectLine(redactSensitive: false));
    }
}
