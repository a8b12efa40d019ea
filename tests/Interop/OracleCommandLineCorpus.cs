using System.Globalization;
using Qcrypto.Composition;
using Qcrypto.Objects;

namespace Qcrypto.Interop.Tests;

/// <summary>
/// Cases of <see cref="QemuOracleCommandLineTests"/>: error order across lines, keyid lookups, help, every
/// type name, split secrets and keyring payload lengths (this file); option names, sizes and check timing
/// (<see cref="OracleOptionCorpus"/>).
/// </summary>
internal static class OracleCommandLineCorpus
{
    public static List<CommandLineCase> Build(OracleEnvironment env, OracleKeyringLengths keys)
    {
        var cases = new List<CommandLineCase>();
        ErrorOrder(cases, env);
        KeyIdLookups(cases, env);
        Help(cases);
        Types(cases);
        SplitSecrets(cases);
        KeyringLengths(cases, keys);
        OracleOptionCorpus.UnknownOptions(cases);
        OracleOptionCorpus.Sizes(cases);
        OracleOptionCorpus.CheckTiming(cases, env);
        return cases;
    }

    /// <summary>Pairs and triples of failing lines: options before creation, early before late, line order within a stage.</summary>
    private static void ErrorOrder(List<CommandLineCase> cases, OracleEnvironment env)
    {
        string[] early =
        [
            "secret,id=e1,data=$$,format=base64", "secret,id=e2,data=x,keyid=nokey", "iothread,id=e3,thread-pool-min=5,thread-pool-max=1",
            "cryptodev-backend-builtin,id=e4,queues=2", "secret_keyring,id=e5,serial=1", "secret,id=e6,data=x,loaded=on", "cryptodev-backend,id=e7,queues=0",
            "pef-guest,id=e8",
        ];
        string[] late =
        [
            "memory-backend-ram,id=l1,size=0", "memory-backend-memfd,id=l2,size=1M,hugetlbsize=3M", "filter-buffer,id=l3,netdev=n0,interval=0",
            "filter-redirector,id=l4,netdev=n0", $"filter-dump,id=l5,netdev=n0,file={env.Path("l5.pcap")},maxlen=0", "memory-backend-ram,id=l6,size=1M,policy=bind",
            "filter-mirror,id=l7,netdev=n0,outdev=c0,position=zz", "memory-backend-epc,id=l8,size=1M",
        ];
        string[] options =
        [
            "secret,id=o1,data=x,foo=1", "memory-backend-ram,id=o2,size=x", "filter-buffer,id=o3,netdev=n0", "bogus,id=o4", "iothread,id=o5,poll-grow=x",
            "throttle-group,id=o6,x-iops-total=x", "memory-backend-ram,id=o7,size=1M,size", "secret,id=e1,data=x",
        ];
        string[] creation = [.. early, .. late];
        foreach (var a in creation)
        {
            foreach (var b in creation)
            {
                if (a != b)
                {
                    Add(cases, a, b);
                }
            }
        }

        foreach (var o in options)
        {
            foreach (var x in creation.Take(10))
            {
                Add(cases, o, x);
                Add(cases, x, o);
            }
        }

        for (var i = 0; i < options.Length - 1; i++)
        {
            Add(cases, options[i], options[i + 1]);
        }

        // Longer lines: valid objects between the failures, three stages, failures at both ends.
        Add(cases, late[0], "secret,id=ok1,data=x", early[0], "thread-context,id=tc", late[2]);
        Add(cases, "memory-backend-ram,id=ok2,size=1M", late[5], "iothread,id=ok3", early[2], options[0]);
        Add(cases, late[1], late[0], early[3], early[1], "rng-builtin,id=ok4");
        Add(cases, "thread-context,id=tc", late[3], early[4]);
    }

    /// <summary>keyid naming an object of each type, given before or after the secret (item 4).</summary>
    private static void KeyIdLookups(List<CommandLineCase> cases, OracleEnvironment env)
    {
        string[] others =
        [
            "authz-list,id=m", "authz-simple,id=m,identity=x", "iothread,id=m", "rng-builtin,id=m", "rng-random,id=m", "sev-guest,id=m,reduced-phys-bits=1",
            "cryptodev-backend,id=m", "cryptodev-backend-builtin,id=m", "can-bus,id=m", "main-loop,id=m", "throttle-group,id=m", "thread-context,id=m",
            "memory-backend-ram,id=m,size=1M", "memory-backend-memfd,id=m,size=1M", $"memory-backend-file,id=m,size=1M,mem-path={env.Dir}",
            "filter-buffer,id=m,netdev=n0,interval=1", "filter-rewriter,id=m,netdev=n0", "rng-egd,id=m,chardev=c0", "cryptodev-vhost-user,id=m,chardev=c0",
            "qtest,id=m,chardev=c1", $"secret,id=m,data={OracleEnvironment.MasterKeyBase64},format=base64",
        ];
        var iv = OracleEnvironment.IvBase64;
        foreach (var other in others)
        {
            foreach (var user in new[] { "secret,id=s,data=x,keyid=m", $"secret,id=s,data={OracleEnvironment.CiphertextBase64},format=base64,keyid=m,iv={iv}" })
            {
                cases.Add(new CommandLineCase([other, user], CaseCheck.HostDependent));
                cases.Add(new CommandLineCase([user, other], CaseCheck.HostDependent));
            }
        }

        // A keyring secret whose master comes later; chains where one link is late or missing.
        cases.Add(new CommandLineCase([$"secret_keyring,id=k,serial={env.CipherKey},format=base64,keyid=m,iv={iv}", "memory-backend-ram,id=m,size=1M"]));
        cases.Add(new CommandLineCase(["memory-backend-ram,id=m,size=1M", $"secret_keyring,id=k,serial={env.CipherKey},format=base64,keyid=m,iv={iv}"]));
        cases.Add(new CommandLineCase(["tls-creds-x509,id=t,dir=/nonexistent,passwordid=m", "memory-backend-ram,id=m,size=1M"], CaseCheck.HostDependent));
    }

    /// <summary>Help: reached or not, for types with and without a QOM class, and its warnings.</summary>
    private static void Help(List<CommandLineCase> cases)
    {
        string[] lines =
        [
            "nosuchtype,help", "nosuchtype,id=x,help", "authz-list-file,help", "authz-listfile,help", "authz-listfile,id=a,filename=x,help",
            "authz-pam,id=a,service=x,help=foo", "authz-pam,id=a,service=x,nohelp", "authz-pam,help", "can-bus,help", "cryptodev-backend,help",
            "pef-guest,help", "pef-guest,id=p,help", "throttle-group,help", "thread-context,help", "secret,id=s0,nohelp", "secret,id=s0,noloaded,help",
            "memory-backend-ram,id=m,size=0x10k,help", "x-vfio-user-server,help", "main-loop,?",
        ];
        foreach (var line in lines)
        {
            Add(cases, line);
        }

        Add(cases, "secret,id=a,foo=1", "secret,help");
        Add(cases, "secret,help", "secret,id=a,foo=1");
        Add(cases, "secret,id=a,data=$$,format=base64", "secret,help");
        Add(cases, "memory-backend-ram,id=m,size=0", "iothread,?", "bogus");
        Add(cases, "secret,id=a,data=x", "secret,id=a,help");
        Add(cases, "authz-pam,id=a,service=x,help", "secret,help");
        Add(cases, "secret,id=s,data=x,noloaded", "iothread,id=i,help");
    }

    /// <summary>Every type name QEMU 7.2 knows (and some it does not), valid, with an unknown option, without id.</summary>
    private static void Types(List<CommandLineCase> cases)
    {
        var catalog = QcryptoCatalog.Create();
        string[] notTypes = ["authz-list-file", "sgx-epc", "memory-backend", "tls-creds", "rng", "netfilter", "vfio-user-server", "event-loop-base", "Can-bus"];
        foreach (var name in catalog.Types.Where(t => !t.IsBeyondQemu).Select(t => t.Name).Concat(notTypes))
        {
            // Creating a type we accept may need host resources QEMU lacks here (files, chardevs, devices):
            // host-dependent. QEMU 7.2 refuses authz-listfile and authz-pam at creation; we warn (documented).
            var refused = name is "authz-listfile" or "authz-pam";
            var creation = refused ? CaseCheck.QemuRefusesWeWarn : CaseCheck.HostDependent;
            var note = refused ? "qemu-refuses-type" : null;
            var minimal = MinimalLine(name);
            cases.Add(new CommandLineCase([minimal], creation, note));
            cases.Add(new CommandLineCase([name + ",id=t0"], creation, note));
            cases.Add(new CommandLineCase([name]));
            if (name != "x-vfio-user-server")
            {
                // (we do not describe x-vfio-user-server's options: README, deliberate differences)
                cases.Add(new CommandLineCase([minimal + ",zzz=1"]));
            }
        }
    }

    private static string MinimalLine(string type) => type switch
    {
        "authz-simple" => "authz-simple,id=t0,identity=CN=x",
        "authz-listfile" => "authz-listfile,id=t0,filename=/nonexistent",
        "authz-pam" => "authz-pam,id=t0,service=qemu",
        "can-host-socketcan" => "can-host-socketcan,id=t0,if=vcan0,canbus=cb0",
        "colo-compare" => "colo-compare,id=t0,primary_in=c0,secondary_in=c1,outdev=c2,iothread=io0",
        "cryptodev-vhost-user" or "rng-egd" or "qtest" => $"{type},id=t0,chardev=c0",
        "dbus-vmstate" => "dbus-vmstate,id=t0,addr=unix:path=/nonexistent",
        "input-barrier" => "input-barrier,id=t0,name=x",
        "input-linux" => "input-linux,id=t0,evdev=/nonexistent",
        "pr-manager-helper" => "pr-manager-helper,id=t0,path=/nonexistent",
        "x-remote-object" => "x-remote-object,id=t0,fd=x,devid=y",
        "x-vfio-user-server" => "x-vfio-user-server,id=t0,type=fd,str=x,device=d",
        "secret" => "secret,id=t0,data=x",
        "secret_keyring" => "secret_keyring,id=t0,serial=1",
        "sev-guest" => "sev-guest,id=t0,reduced-phys-bits=1",
        "tls-cipher-suites" => "tls-cipher-suites,id=t0,priority=NORMAL",
        "tls-creds-psk" or "tls-creds-x509" => $"{type},id=t0,dir=/nonexistent",
        "memory-backend-file" => "memory-backend-file,id=t0,size=1M,mem-path=/tmp",
        _ when type.StartsWith("memory-backend-", StringComparison.Ordinal) => $"{type},id=t0,size=1M",
        _ when type.StartsWith("filter-", StringComparison.Ordinal) => type == "filter-dump" ? "filter-dump,id=t0,netdev=n0,file=/nonexistent/x"
            : type == "filter-buffer" ? "filter-buffer,id=t0,netdev=n0,interval=1" : type == "filter-mirror" ? "filter-mirror,id=t0,netdev=n0,outdev=c0"
            : type == "filter-redirector" ? "filter-redirector,id=t0,netdev=n0,indev=c0" : $"{type},id=t0,netdev=n0",
        _ => $"{type},id=t0",
    };

    /// <summary>An undoubled comma in data= (item 13): QEMU echoes the fragment, we name its position.</summary>
    private static void SplitSecrets(List<CommandLineCase> cases)
    {
        (string Line, string Fragment)[] lines =
        [
            ("secret,id=s,data=hunter2,letmein", "letmein"), ("secret,id=s,data=x,delay", "delay"), ("secret,id=s,data=abc,bcd9,cde9", "bcd9"),
            ("secret,id=s,data=pw,nopassw0rd", "passw0rd"), ("secret,id=s,format=raw,data=correct,horse,battery", "horse"),
            ("secret,id=s,data=x,zzsecret,format=raw", "zzsecret"),
        ];
        foreach (var (line, fragment) in lines)
        {
            cases.Add(new CommandLineCase([line], CaseCheck.Redacted, fragment));
            cases.Add(new CommandLineCase(["memory-backend-ram,id=m,size=0", line], CaseCheck.Redacted, fragment));
        }

        // Names after a known property, or given with '=', are named as QEMU names them.
        Add(cases, "secret,id=s,data=x,format=raw,loaded");
        Add(cases, "secret,id=s,data=x,foo=1,bar=2");
        Add(cases, "secret,id=s,data=hunter2,,letmein");
    }

    /// <summary>secret_keyring format=base64 with payloads of 8 to 72 bytes and more (item 10).</summary>
    private static void KeyringLengths(List<CommandLineCase> cases, OracleKeyringLengths keys)
    {
        foreach (var (length, serial) in keys.Serials)
        {
            var s = serial.ToString(CultureInfo.InvariantCulture);
            cases.Add(new CommandLineCase([$"secret_keyring,id=k,serial={s},format=base64"], CaseCheck.QemuRefusesWeWarn, "keyring-base64-overread"));
            cases.Add(new CommandLineCase([$"secret_keyring,id=k,serial={s}"]));
        }
    }

    private static void Add(List<CommandLineCase> cases, params string[] lines) => cases.Add(new CommandLineCase(lines));
}
