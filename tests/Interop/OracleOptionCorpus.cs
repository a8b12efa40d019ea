using System.Text;

namespace Qcrypto.Interop.Tests;

/// <summary>
/// Cases of <see cref="QemuOracleCommandLineTests"/> about one line's options: which unknown option QEMU
/// names, size spellings (and their warnings), and whether each check happens when the property is set or
/// when the object completes (which decides the error of a line with several bad values).
/// </summary>
internal static class OracleOptionCorpus
{
    // Valid lines of several types, and extra valid options each may take.
    private static readonly (string Type, string[] Base, string[] Extra)[] Types =
    [
        ("secret", ["data=x"], ["format=raw", "format=base64,data=MTIz"]),
        ("iothread", [], ["poll-grow=1", "aio-max-batch=2", "poll-max-ns=3", "poll-shrink=0", "thread-pool-max=9"]),
        ("memory-backend-ram", ["size=1M"], ["share=on", "dump=on", "merge=off", "prealloc=off", "reserve=on", "policy=default"]),
        ("filter-buffer", ["netdev=n0", "interval=1"], ["status=on", "queue=all", "insert=behind", "position=tail"]),
        ("sev-guest", ["reduced-phys-bits=1"], ["policy=1", "handle=0", "cbitpos=47", "sev-device=/dev/sev"]),
        ("authz-simple", ["identity=x"], []),
        ("throttle-group", [], ["x-iops-total=1", "x-bps-read=2"]),
        ("cryptodev-backend", [], ["queues=1"]),
        ("rng-random", [], ["filename=/dev/urandom"]),
        ("main-loop", [], ["aio-max-batch=1"]),
        ("tls-creds-anon", [], ["endpoint=client", "verify-peer=off"]),
    ];

    private static readonly string[] Names =
    [
        "foo", "bar", "baz", "qux", "a", "b", "zz", "x1", "x2", "hello", "unknown", "abc", "data2", "q", "w", "e", "r", "t", "y", "u", "i", "o",
        "p", "lo", "ng", "name-with-dash", "k.l", "under_score", "Size", "DATA", "é", "limits", "help2", "noise", "x-iops", "9lives", "zzz", "mm",
    ];

    /// <summary>Lines with several unknown options (item 5): QEMU names the first left in its GHashTable.</summary>
    public static void UnknownOptions(List<CommandLineCase> cases)
    {
        var random = new Random(9);
        for (var n = 0; n < 260; n++)
        {
            var (type, baseOptions, extra) = Types[n % Types.Length];
            var elements = new List<string>(baseOptions);
            elements.AddRange(extra.Where(_ => random.Next(2) == 0));
            var unknown = Names.OrderBy(_ => random.Next()).Take(random.Next(2, n % 5 == 0 ? 20 : 9)).ToList();
            foreach (var name in unknown)
            {
                // Bare words after data= would be a split secret (compared elsewhere): not for secret lines.
                var bare = type != "secret" && random.Next(4) == 0;
                elements.Add(bare ? (random.Next(2) == 0 ? name : "no" + name) : $"{name}={random.Next(100)}");
            }

            if (random.Next(4) == 0)
            {
                elements.Add($"{unknown[0]}=again");
            }

            Shuffle(random, elements);
            elements.Insert(random.Next(elements.Count + 1), "id=o0");
            if (random.Next(5) == 0)
            {
                // The type given as qom-type= somewhere in the line: QEMU's table holds it where it stands.
                elements.Insert(random.Next(elements.Count + 1), $"qom-type={type}");
                if (!elements[0].Contains('=', StringComparison.Ordinal))
                {
                    elements.Insert(0, "id=o0");
                    elements.RemoveAt(elements.LastIndexOf("id=o0"));
                }
            }
            else
            {
                elements.Insert(0, type);
            }

            var line = string.Join(",", elements);
            cases.Add(new CommandLineCase([line]));
        }
    }

    /// <summary>Size spellings (item 7) as a size property of a late type: verdicts, setter/completion messages and warnings.</summary>
    public static void Sizes(List<CommandLineCase> cases)
    {
        string[] sizes =
        [
            "0.9999999999999999999k", "1.9999999999999999999k", "0.99999999999999994k", "0.99999999999999995k", "0.5k", "1.5k", "1.25M", "0.001k",
            "0.0009765625k", "0.00048828125k", "0.000488281249k", "3.14159k", "2.000000000000000000001M", "1.k", "1.K", " 1k", "\t2M", "+1k", "+0x10",
            "0x10", "0X1F", "0x10k", "0x10M", "0xfffK", "0x1.8M", "0x", "0xk", "1b", "1B", "1024", "0", "00x10", "-0x10", "- 1", "1.1e-400k",
            "1.5e999k", "1.5e999kB", "1.5e999kk", "1.5e999", "1.1e-400", "1." + new string('0', 400) + "1k", "0." + new string('0', 330) + "1k",
            "1.e5k", "1.5e", "1.5E", "1.5e3", "1.5e+3k", "1.5ek", "2.5eb", "16E", "15.9999999999999999999E", "15.99999999999999E", "17179869183G",
            "17179869184G", "18446744073709551615", "18446744073709551616", "0x10000000000000000", "0xffffffffffffffff", "0xffffffffffffffffk",
            "1.5b", ".5k", "5.", "5.k", "5..k", "1e3", "1k1", "1kk", "1 k", "k", "1,5k", "1.5kB", "0.5B", "inf", "nan", "0.0k", "0x0", "0x0k",
            "8E", "7.99999999999999999E", "4.5G", "0x8000000000000000", "0x4000000000000000k", "0x2p", "1.0009765625k", "0.333333333333333333k",
            "1.4999999999999999999k", "0.0004882812500000001k", "999999999999999999999", "0x0000000000000000000010", "00010k", "1.5\u00a0k",
        ];
        foreach (var size in sizes)
        {
            var value = size.Replace(",", ",,", StringComparison.Ordinal);
            cases.Add(new CommandLineCase([$"memory-backend-memfd,id=m0,size=1M,hugetlbsize={value}"]));
            cases.Add(new CommandLineCase([$"memory-backend-file,id=m0,mem-path=/tmp,size=1M,align={value}"], CaseCheck.HostDependent));
        }
    }

    /// <summary>
    /// Each type's setter and completion checks two at a time (item 8), in both line orders: setters run in
    /// QEMU's QDict order, all before completion, whose checks run in their own order.
    /// </summary>
    public static void CheckTiming(List<CommandLineCase> cases, OracleEnvironment env)
    {
        (string Type, string[] Base, string[] Bad, string[] Before)[] table =
        [
            ("memory-backend-ram", ["size=1M"], ["size=0", "prealloc-threads=0", "host-nodes=200", "prealloc-context=nosuch", "policy=bind", "policy=default,host-nodes=0"], []),
            ("memory-backend-ram", ["size=1M"], ["prealloc-context=io", "size=0", "policy=preferred"], ["iothread,id=io"]),
            ("memory-backend-ram", ["size=1M"], ["prealloc-context=tc", "size=0", "prealloc-threads=0"], ["thread-context,id=tc"]),
            ("memory-backend-memfd", ["size=1M"], ["hugetlbsize=0", "size=0", "prealloc-threads=0", "hugetlbsize=3M", "policy=bind", "seal=off,hugetlbsize=6M"], []),
            ("memory-backend-file", ["size=1M", "mem-path=/tmp"], ["size=0", "prealloc-threads=0", "policy=bind", "host-nodes=300"], []),
            ("filter-buffer", ["netdev=n0", "interval=1"], ["interval=0", "status=bad", "position=zz", "position=id=nosuch", "position=id=f1"], ["filter-rewriter,id=f1,netdev=n0"]),
            ("filter-dump", ["netdev=n0", $"file={env.Path("t.pcap")}"], ["maxlen=0", "status=bad", "position=zz", "position=head"], []),
            ("filter-redirector", ["netdev=n0", "indev=c0"], ["status=bad", "position=zz", "outdev=c0", "indev=c1,outdev=c1"], []),
            ("filter-mirror", ["netdev=n0", "outdev=c0"], ["status=bad", "position=zz", "status=", "position="], []),
            ("filter-rewriter", ["netdev=n0"], ["status=bad", "position=zz", "position=id=f1", "vnet_hdr_support=on"], ["filter-buffer,id=f1,netdev=n0,interval=9"]),
            ("iothread", [], ["poll-max-ns=-1", "poll-grow=-1", "poll-shrink=-1", "aio-max-batch=-1", "thread-pool-min=-1", "thread-pool-max=-1",
                "thread-pool-min=5,thread-pool-max=1", "thread-pool-max=0"], []),
            ("cryptodev-backend-builtin", [], ["queues=0", "queues=2"], []),
            ("cryptodev-backend", [], ["queues=0", "queues=3"], []),
            ("secret", ["data=x"], ["loaded=on", "format=base64,data=$$", "keyid=nokey", "iv=x", "file=/nonexistent"], []),
            ("secret_keyring", ["serial=1"], ["serial=0", "loaded=on", "format=base64", "keyid=nokey"], []),
            ("rng-builtin", [], ["opened=on", "opened=off"], []),
            ("rng-random", [], ["opened=on", "filename=/nonexistent"], []),
        ];
        foreach (var (type, baseOptions, bad, before) in table)
        {
            foreach (var a in bad)
            {
                cases.Add(new CommandLineCase([.. before, Line(type, baseOptions, a)], CaseCheck.HostDependent));
                foreach (var b in bad)
                {
                    if (a != b && !OptionNames(a).Overlaps(OptionNames(b)))
                    {
                        cases.Add(new CommandLineCase([.. before, Line(type, baseOptions, a, b)], CaseCheck.HostDependent));
                    }
                }
            }
        }
    }

    private static HashSet<string> OptionNames(string options) => options.Split(',').Select(o => o.Split('=')[0]).ToHashSet();

    private static string Line(string type, string[] baseOptions, params string[] bad)
    {
        var given = bad.SelectMany(OptionNames).ToHashSet();
        var line = new StringBuilder(type).Append(",id=o0");
        foreach (var option in baseOptions.Where(o => !given.Contains(o.Split('=')[0])).Concat(bad))
        {
            line.Append(',').Append(option);
        }

        return line.ToString();
    }

    private static void Shuffle(Random random, List<string> list)
    {
        for (var i = list.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (list[i], list[j]) = (list[j], list[i]);
        }
    }
}
