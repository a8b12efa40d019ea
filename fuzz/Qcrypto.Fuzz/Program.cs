using Qcrypto.Fuzz;
using SharpFuzz;

// Runs with a scratch directory as the working directory, holding a few files, so that relative
// file= paths the fuzzer invents read only harmless bytes.
var scratch = Directory.CreateTempSubdirectory("qcrypto-fuzz-");
Directory.SetCurrentDirectory(scratch.FullName);
File.WriteAllBytes("k", "0123456789abcdef0123456789abcdef"u8.ToArray());
File.WriteAllText("b64", "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=\n");
File.WriteAllBytes("empty", []);

// Which target: QCRYPTO_FUZZ_TARGET=cryptodev (fuzz/run-cryptodev.sh sets it) fuzzes the
// virtio-crypto request processor, sev-cert and sev-session (fuzz/run-sev.sh) the SEV certificate
// and session parsers, vhost-user-message and vhost-user-ring (fuzz/run-vhost-user.sh) the vhost-user
// message parsers and the split-ring walker, json-object and argv (fuzz/run-json.sh) the JSON -object
// path and the argv splitter; anything else the -object line parser.
(Action<byte[]> target, Action<Stream> streamTarget) = Environment.GetEnvironmentVariable("QCRYPTO_FUZZ_TARGET") switch
{
    "cryptodev" => ((Action<byte[]>)CryptodevTarget.Run, (Action<Stream>)CryptodevTarget.Run),
    "sev-cert" => (SevTargets.Certificates, Bytes(SevTargets.Certificates)),
    "sev-session" => (SevTargets.Session, Bytes(SevTargets.Session)),
    "vhost-user-message" => (VhostUserMessageTarget.Run, VhostUserMessageTarget.Run),
    "vhost-user-ring" => (VhostUserRingTarget.Run, VhostUserRingTarget.Run),
    "json-object" => (JsonObjectTarget.Run, Bytes(JsonObjectTarget.Run)),
    "argv" => (ArgvTarget.Run, Bytes(ArgvTarget.Run)),
    _ => (ObjectLineTarget.Run, ObjectLineTarget.Run),
};

if (args.Length == 3 && args[0] == "--sev-seeds")
{
    var pwd = Environment.GetEnvironmentVariable("PWD") ?? "/";
    SevTargets.MakeSeeds(Path.GetFullPath(args[1], pwd), Path.GetFullPath(args[2], pwd));
    return 0;
}

if (args.Length > 0 && args[0] == "--replay")
{
    // Reproduces findings outside AFL: runs each file once and shows what escapes.
    var failures = 0;
    foreach (var path in args[1..])
    {
        try
        {
            target(File.ReadAllBytes(Path.GetFullPath(path, Environment.GetEnvironmentVariable("PWD") ?? "/")));
            Console.WriteLine($"ok    {path}");
        }
        catch (Exception e)
        {
            failures++;
            Console.WriteLine($"CRASH {path}: {e}");
        }
    }

    return failures == 0 ? 0 : 1;
}

Fuzzer.OutOfProcess.Run(s => streamTarget(s));
return 0;

static Action<Stream> Bytes(Action<byte[]> run) => stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    run(buffer.ToArray());
};
