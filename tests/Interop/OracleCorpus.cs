namespace Qcrypto.Interop.Tests;

/// <summary>
/// The corpus: grammar edge cases, the check order, every seed type with good and bad values of each
/// property (generated from the seed types of <see cref="QcryptoCatalog"/>), QEMU's setter and completion checks, size
/// and integer spellings, and secrets of every source and encryption with good and bad inputs.
/// </summary>
internal static partial class OracleCorpus
{
    // Types whose creation needs what we do not model: credentials files (TLS), a crashing QEMU
    // (colo-compare asserts on its error path), or types the Debian build cannot create.
    internal static readonly HashSet<string> HostDependentTypes =
    [
        "tls-creds-anon", "tls-creds-psk", "tls-creds-x509", "colo-compare", "authz-listfile", "authz-pam",
    ];

    public static List<OracleCase> Build(OracleEnvironment env)
    {
        var cases = new List<OracleCase>();
        Grammar(cases);
        CheckOrder(cases);
        foreach (var schema in QcryptoCatalog.Create().Types.Where(t => t.IsModelled && !t.IsBeyondQemu).Select(t => t.Schema))
        {
            Properties(cases, schema, env);
        }

        Values(cases);
        TypeChecks(cases, env);
        Secrets(cases, env);
        Keyring(cases, env);
        return cases;
    }

    private static void One(List<OracleCase> cases, params string[] lines) => cases.Add(new OracleCase(lines));

    private static void Grammar(List<OracleCase> cases)
    {
        string[] lines =
        [
            "", ",id=s0", "=x", "a.b=1", "secret,id=s0,=x", "secret,id=s0,a.b=1", "secret,id=s0,data=x,",
            "secret,id=s0,data=a,,", "secret,id=s0,data=a,,,", "secret,id=s0,data=a,,,,b", "secret,id=s0,,data=x",
            "secret,,x,id=s0,data=x", ",,secret,id=s0", "qom-type=secret,id=s0,data=x", "id=s0,qom-type=secret,data=x",
            "secret,qom-type=iothread,id=s0", "iothread,qom-type=secret,id=s0,data=x", "qom-type=,id=s0", "secret,id=s0,qom-type=",
            "id=s0,secret", "Secret,id=s0,data=x", " secret,id=s0,data=x", "secret ,id=s0,data=x", "bogus", "bogus,id=s0",
            "secret,id=,data=x", "secret,id=1a,data=x", "secret,id=a-b.c_d9,data=x", "secret,id=a b,data=x", "secret,id=é,data=x",
            "secret,id=_a,data=x", "secret,id=a:b,data=x", "secret,id=s0,data", "secret,id=s0,nodata", "secret,id=s0,no",
            "secret,id=s0,=", "secret,=s0", "secret,id=s0,data=x,help=1", "secret,id=s0,data=x,foo=1,foo=2",
            "secret,id=s0,data=x,loaded", "secret,id=s0,data=x,noloaded", "iothread,id=i0,nofoo", "tls-creds-anon,id=t0,noverify-peer",
            "tls-creds-anon,id=t0,verify-peer", "secret,id=s0,data=x,format=bogus,format=raw", "secret,id=s0,data=x,format=raw,format=bogus",
            "secret,id=s0,format=base64,data=MTIz,data=$$$", "secret,id=s0,format=base64,data=$$$,data=MTIz", "secret,id=s0,id=s1,data=x",
            "secret,id=s0,data=x,id=1bad", "secret,id=1bad,id=s0,data=x", "secret,id=s0,data==", "secret,id=s0,data=a=b",
            "secret,id=s0,data=x,,y", "secret,data=x", "secret,data=x,id=s0", "iothread", "iothread,id=i0,", "iothread,id=i0,,",
            "iothread,,id=i0", ",", ",,", "id=s0", "secret,id=s0,data=x,DATA=y", "secret,id=s0,Data=x", "secret,id=s0,data=x,format=Raw",
            "secret,id=s0,data=x,format=", "help", "?", "qom-type=help", "help,id=x", "secret,help", "secret,id=s0,help",
            "secret,id=s0,nohelp", "secret,?=1", "secret,help,foo=1", "secret,id=1x,help", "id=s0,help", "bogus,help",
            "secret,id=s0,data=x,help", "iothread,?", "secret,id=s0,data=x,,delay", "iothread,id=i0,poll-max-ns=1,poll-max-ns",
        ];
        foreach (var line in lines)
        {
            One(cases, line);
        }

        // The first id wins: the second line finds s0 taken (or s1 free).
        One(cases, "secret,id=s0,id=s1,data=x", "secret,id=s1,data=y");
        One(cases, "secret,id=s0,id=s1,data=x", "secret,id=s0,data=y");
        One(cases, "secret,id=s0,data=x", "secret,id=s0,data=y");
        One(cases, "secret,id=s0,data=x", "iothread,id=s0");
        One(cases, "iothread,id=s0", "secret,id=s0,data=x");
        One(cases, "secret,id=s0,data=x", "secret,id=s1,data=y", "secret,id=s1,data=z");
    }

    private static void CheckOrder(List<OracleCase> cases)
    {
        string[] lines =
        [
            "bogus,foo=1", "bogus,id=1bad", "secret,foo=1", "secret,foo=1,format=bogus", "secret,id=s0,foo=1,format=bogus",
            "secret,id=s0,format=bogus,loaded=maybe", "secret,id=s0,iv=x,format=bogus,foo=1", "secret,id=s0,data=x,foo=1,loaded=on",
            "memory-backend-ram,id=m0,foo=1", "memory-backend-ram,id=m0,foo=1,size=1M", "memory-backend-ram,id=m0,foo=1,share=x,size=bad",
            "memory-backend-ram,id=m0,size=bad,share=x", "memory-backend-ram,id=m0,size=bad,dump=x,reserve=x",
            "memory-backend-ram,id=m0,x-use-canonical-path-for-ramblock-id=x,size=x", "memory-backend-ram,id=m0,size=0,foo=1",
            "memory-backend-ram,id=m0,size=0,prealloc-threads=0", "memory-backend-ram,id=m0,prealloc-threads=0,size=0",
            "memory-backend-file,id=m0,size=1M", "memory-backend-file,id=m0,mem-path=/x,size=1M,readonly=x,pmem=x",
            "memory-backend-file,id=m0,mem-path=/x,size=1M,align=x,discard-data=x", "memory-backend-memfd,id=m0,size=1M,seal=x,hugetlb=x,hugetlbsize=x",
            "secret_keyring,id=k0", "secret_keyring,id=k0,foo=1", "secret_keyring,id=k0,serial=x,format=x",
            "filter-buffer,id=f0", "filter-buffer,id=f0,netdev=n0", "filter-buffer,id=f0,interval=1", "filter-buffer,id=f0,netdev=n0,interval=x,queue=x",
            "filter-buffer,id=f0,netdev=n0,interval=1,queue=x,insert=x", "filter-dump,id=f0,netdev=n0", "filter-dump,id=f0,netdev=n0,file=x,maxlen=-1",
            "filter-mirror,id=f0,netdev=n0", "filter-mirror,id=f0,netdev=n0,outdev=c0,vnet_hdr_support=x",
            "colo-compare,id=c0", "colo-compare,id=c0,primary_in=a,secondary_in=b,outdev=c", "colo-compare,id=c0,primary_in=a,secondary_in=b,outdev=c,iothread=i,compare_timeout=x,max_queue_size=x",
            "sev-guest,id=v0", "sev-guest,id=v0,reduced-phys-bits=x,policy=x", "sev-guest,id=v0,policy=-1,reduced-phys-bits=1",
            "tls-creds-x509,id=t0,sanity-check=x,verify-peer=x", "tls-creds-x509,id=t0,endpoint=x,verify-peer=x", "tls-creds-psk,id=t0,endpoint=x,foo=1",
            "authz-simple,id=a0", "authz-simple,id=a0,foo=1", "authz-list,id=a0,policy=x", "authz-listfile,id=a0", "authz-listfile,id=a0,refresh=x",
            "authz-pam,id=a0", "cryptodev-vhost-user,id=c0", "cryptodev-vhost-user,id=c0,queues=x", "rng-egd,id=r0", "rng-egd,id=r0,opened=x",
            "rng-random,id=r0,opened=on", "rng-builtin,id=r0,opened=on", "rng-builtin,id=r0,opened=x", "iothread,id=i0,poll-grow=x,aio-max-batch=x",
        ];
        foreach (var line in lines)
        {
            One(cases, line);
        }
    }

    /// <summary>A valid object of each type, with the resources of the QEMU fixture.</summary>
    internal static List<(string Name, string Value)> Base(ObjectTypeSchema schema, OracleEnvironment env) => schema.Name switch
    {
        "memory-backend-ram" or "memory-backend-memfd" => [("size", "1M")],
        "memory-backend-file" => [("size", "1M"), ("mem-path", env.Dir)],
        "rng-egd" => [("chardev", "c0")],
        "rng-random" => [("filename", "/dev/urandom")],
        "tls-creds-psk" or "tls-creds-x509" => [("dir", env.Path("no-tls"))],
        "filter-buffer" => [("netdev", "n0"), ("interval", "1")],
        "filter-dump" => [("netdev", "n0"), ("file", env.Path("dump.pcap"))],
        "filter-mirror" => [("netdev", "n0"), ("outdev", "c0")],
        "filter-redirector" => [("netdev", "n0"), ("indev", "c0")],
        "filter-rewriter" => [("netdev", "n0")],
        "colo-compare" => [("primary_in", "c0"), ("secondary_in", "c1"), ("outdev", "c2"), ("iothread", "io0")],
        "cryptodev-vhost-user" => [("chardev", "c0")],
        "secret" => [("data", "123456")],
        "secret_keyring" => [("serial", OracleEnvironment.Serial(env.GoodKey))],
        "sev-guest" => [("reduced-phys-bits", "1")],
        "authz-simple" => [("identity", "CN=qemu")],
        "authz-listfile" => [("filename", env.Path("authz.json"))],
        "authz-pam" => [("service", "qemu")],
        _ => [],
    };

    // String properties whose value names a host resource or another object.
    internal static bool NamesResource(string type, string property) => property switch
    {
        "netdev" or "chardev" or "outdev" or "indev" or "primary_in" or "secondary_in" or "iothread" or "notify_dev"
            or "prealloc-context" or "mem-path" or "dir" or "passwordid" or "position" => true,
        "file" => type != "secret",
        "filename" => true,
        _ => false,
    };

    private static readonly string[] GoodBools = ["on", "off", "yes", "no", "true", "false", "y", "n"];
    private static readonly string[] BadBools = ["ON", "1", "0", "", "On", "t", "onn", "Yes", "offf"];
    private static readonly string[] BadInt64 = ["abc", "", "1k", "0x", "1.5", "9223372036854775808", "-9223372036854775809", "1 ", "- 1", "0xg", "08", "++1"];
    private static readonly string[] BadUInt = ["-1", "abc", "", "18446744073709551616", "1.0", "0x", " -1", "1e3", "4294967296"];
    private static readonly string[] BadSize = ["", "k", "1.5", "1e3", "1kB", "16E", "-1", "1.5B", "0x1.8M", "1 M", "1MM", "18446744073709551616", "abc"];
    private static readonly string[] BadEnum = ["bogus", "", "RAW", "client ", "raw,", "Server"];

    private static int _rotation;

    private static string Pick(string[] table) => table[_rotation++ % table.Length];

    private static void Properties(List<OracleCase> cases, ObjectTypeSchema schema, OracleEnvironment env)
    {
        var hostType = HostDependentTypes.Contains(schema.Name);
        var baseProps = Base(schema, env);
        var prefix = schema.Name == "colo-compare" ? new[] { "iothread,id=io0" } : [];

        void Add(IEnumerable<(string Name, string Value)> props, bool host = false, string? raw = null)
        {
            var line = new StringBuilder(ObjectLineWriter.Escape(schema.Name)).Append(",id=o0");
            foreach (var (n, v) in props)
            {
                line.Append(',').Append(n).Append('=').Append(ObjectLineWriter.Escape(v));
            }

            if (raw is not null)
            {
                line.Append(',').Append(raw);
            }

            cases.Add(new OracleCase([.. prefix, line.ToString()], hostType || host));
        }

        List<(string, string)> With(string name, string value) =>
            [.. baseProps.Where(p => p.Name != name), (name, value)];

        // The valid object, without id, each mandatory property left out, and an unknown property.
        Add(baseProps);
        cases.Add(new OracleCase([.. prefix, string.Join(",", [schema.Name, .. baseProps.Select(p => $"{p.Name}={ObjectLineWriter.Escape(p.Value)}")])], hostType));
        foreach (var required in schema.Properties.Where(p => p.Required))
        {
            Add(baseProps.Where(p => p.Name != required.Name));
        }

        Add(baseProps, raw: (_rotation++ % 2 == 0 ? "bogus-property" : ObjectLineWriter.Escape(schema.Properties[0].Name.ToUpperInvariant())) + "=1");

        // A good and a bad value of every property (the tables rotate over the properties of a kind).
        foreach (var p in schema.Properties)
        {
            var resource = NamesResource(schema.Name, p.Name);
            var host = p.Name is "hugetlb" or "readonly";
            switch (p.Kind)
            {
                case PropertyKind.Bool:
                    var shortForm = _rotation++ % 3;
                    if (shortForm == 0)
                    {
                        Add(With(p.Name, Pick(GoodBools)), host);
                    }
                    else
                    {
                        Add(baseProps.Where(b => b.Name != p.Name), host, raw: (shortForm == 1 ? "" : "no") + p.Name);
                    }

                    Add(With(p.Name, Pick(BadBools)));
                    break;
                case PropertyKind.Enum:
                    foreach (var v in p.EnumValues)
                    {
                        Add(With(p.Name, v));
                    }

                    Add(With(p.Name, Pick(BadEnum)));
                    break;
                case PropertyKind.Int32 or PropertyKind.Int64:
                    Add(With(p.Name, Pick(["2", "-3", "0x10", "010"])));
                    Add(With(p.Name, Pick(BadInt64)));
                    Add(With(p.Name, p.Kind == PropertyKind.Int32 ? "2147483648" : "9223372036854775807"));
                    break;
                case PropertyKind.UInt16 or PropertyKind.UInt32 or PropertyKind.UInt64:
                    Add(With(p.Name, Pick(["0", "0x10", "64", "7"])));
                    Add(With(p.Name, Pick(BadUInt)));
                    break;
                case PropertyKind.Size:
                    Add(With(p.Name, Pick(["2M", "0", "4k"])), host: p.Name == "align");
                    Add(With(p.Name, Pick(BadSize)));
                    break;
                case PropertyKind.UInt16List:
                    Add(With(p.Name, "0"));
                    Add(With(p.Name, Pick(BadUInt)));
                    break;
                case PropertyKind.String when !resource:
                    Add(With(p.Name, "a,b"));
                    Add(With(p.Name, ""));
                    break;
                case PropertyKind.String:
                    // Paths point into the scratch directory: QEMU creates some of these files.
                    var missing = p.Name is "file" or "mem-path" or "filename" or "dir" ? env.Path($"{schema.Name}-{p.Name}") : "zznothere";
                    Add(With(p.Name, missing), host: true);
                    break;
            }
        }
    }

    /// <summary>Every spelling of the integer and size tables, on properties that only store them.</summary>
    private static void Values(List<OracleCase> cases)
    {
        string[] ints =
        [
            "0", "1", "-1", "+1", " 1", "\t1", "\n1", "010", "08", "0x10", "0X1f", "-0x10", "0x", "0x-1", "9223372036854775807",
            "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "18446744073709551615", "18446744073709551616",
            "1 ", "", " ", "+", "-", "1k", "1.0", "1e3", "00", "0x0", "0777", "0778", "99999999999999999999999",
        ];
        foreach (var v in ints)
        {
            One(cases, $"iothread,id=i0,aio-max-batch={ObjectLineWriter.Escape(v)}");
            One(cases, $"sev-guest,id=v0,reduced-phys-bits=1,policy={ObjectLineWriter.Escape(v)}");
        }

        string[] sizes =
        [
            "0", "1", "2M", "2m", "1k", "1K", "64k", "1.5k", "1.k", "1.5", "1e3", "1kB", "16E", "15E", "8E", "0x10", "0x10k", "0X400",
            "1b", "1B", " 1M", "\t2M", "+1M", "-1", "-0", "1.5M", "0.5k", "0.5", ".5k", "1.", "1.M", "1.25k", "1.0009765625k",
            "1.99999999999999999999k", "0x", "0x1.5k", "0xk", "4096", "04096", "1 ", "1M ", "1MB", "1T", "1P", "1E", "1G",
            "18446744073709551615", "18446744073709551616", "17179869184G", "1.5E", "1e", "1E3", "inf", "nan", "0x1p3", "1,,5k",
            "2.000000000000000000001M", "3.14159k",
        ];
        foreach (var v in sizes)
        {
            One(cases, $"memory-backend-memfd,id=m0,size=1M,hugetlbsize={ObjectLineWriter.Escape(v)}");
        }

        string[] memorySizes = ["1M", "64k", "4k", "1.5M", "0x100000", "1048576", "2m", "1", "1.k"];
        foreach (var v in memorySizes)
        {
            One(cases, $"memory-backend-ram,id=m0,size={v}");
        }

        // Binding to a node this host lacks fails in mbind: host-dependent.
        string[] nodes =
        [
            "0", "0-0", "1-0", "0-1", "127", "128", "65535", "65536", "0-65535", "0-65536", "1-", "-", "-1", "-1-2", "0x1", " 0", "a", "",
            "0,,1", "0-3,,5", "0,host-nodes=0", "0,host-nodes=200", "200,host-nodes=x", "x,host-nodes=0", "0777", "08", "0-127", "127-128",
        ];
        foreach (var v in nodes)
        {
            cases.Add(new OracleCase([$"memory-backend-ram,id=m0,size=1M,policy=bind,host-nodes={v}"], HostDependent: true));
        }
    }
}
