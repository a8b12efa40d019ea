using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Qcrypto.Errors;
using Qcrypto.Objects;
using Qcrypto.Objects.Schema;
using Qcrypto.Sev;
using Qcrypto.Sev.Objects;

namespace Qcrypto.Interop.Tests;

/// <summary>
/// Differential test against the real qemu-system-x86_64 (QEMU 7.2): for a corpus of <c>-object</c>
/// lines, QEMU's verdict and message must equal ours. QEMU runs once per case with a sentinel object
/// after the lines under test that always fails at creation with a known message: seeing that message
/// means QEMU accepted every line before it.
/// </summary>
/// <remarks>
/// The sentinel is a *delayed* object (a netfilter): QEMU 7.2 creates memory backends, netfilters,
/// colo-compare, rng-egd and cryptodev-vhost-user only after the machine, so a sentinel of an early
/// type (e.g. a secret) would fail before those were ever created. Its message names an id no case uses.
/// </remarks>
[Collection(QemuOracleCollection.Name)]
public sealed class QemuOracleTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AgreesWithQemuOnEveryCorpusLine()
    {
        var qemu = OracleTools.Find("qemu-system-x86_64")
            ?? throw new InvalidOperationException("qemu-system-x86_64 is not installed: install it (apt-get install qemu-system-x86) to run the QEMU oracle");

        using var env = OracleEnvironment.Create();
        var corpus = OracleCorpus.Build(env);
        env.WaitForExpiry();

        var theirs = await OracleQemu.RunAllAsync(qemu, corpus, TestContext.Current.CancellationToken);
        var disagreements = new List<string>();
        var agreed = 0;
        var notCompared = 0;
        var verdicts = new Dictionary<string, int>();
        for (var i = 0; i < corpus.Count; i++)
        {
            var c = corpus[i];
            var ours = OracleOurs.Evaluate(c);
            var qemuVerdict = theirs[i];
            if (c.HostDependent && qemuVerdict is { Kind: OracleVerdictKind.Rejected, Line: null }
                && (ours.Kind == OracleVerdictKind.Accepted || ours is { Kind: OracleVerdictKind.Rejected, Line: null } && qemuVerdict.Message!.Contains("Assertion", StringComparison.Ordinal)))
            {
                // QEMU failed while creating the object for a reason we do not model (a host resource), or
                // aborted on an assertion while cleaning up after an error (colo-compare in QEMU 7.2).
                notCompared++;
                output.WriteLine($"not compared: {Describe(c)}: qemu {qemuVerdict}");
                continue;
            }

            if (ours.SameAs(qemuVerdict))
            {
                agreed++;
                var key = qemuVerdict.Kind.ToString();
                verdicts[key] = verdicts.GetValueOrDefault(key) + 1;
            }
            else
            {
                disagreements.Add($"{Describe(c)}\n    qemu: {qemuVerdict}\n    ours: {ours}");
            }
        }

        var summary = $"QEMU oracle: {agreed} of {corpus.Count} cases agree ({string.Join(", ", verdicts.OrderBy(v => v.Key).Select(v => $"{v.Value} {v.Key.ToLowerInvariant()}"))}); "
            + $"{notCompared} host-dependent cases not compared; {disagreements.Count} disagree";
        output.WriteLine(summary);
        foreach (var d in disagreements)
        {
            output.WriteLine(d);
        }

        Assert.True(disagreements.Count == 0, summary + "\n" + string.Join("\n", disagreements));
        Assert.True(corpus.Count >= 300, $"the corpus shrank to {corpus.Count} cases");
        Assert.True(notCompared < corpus.Count / 10, $"{notCompared} cases were not compared: too many host-dependent cases");
    }

    private static string Describe(OracleCase c) => string.Join(" ", c.Lines.Select(l => "-object '" + l + "'"));
}

/// <summary>One QEMU run: the lines given as <c>-object</c> options in order (all but the last are set-up).</summary>
/// <param name="HostDependent">
/// QEMU may fail creating the object for host reasons we do not model (a chardev, a file, the page size,
/// a missing build option): a QEMU creation failure is then not compared when we accept.
/// </param>
internal sealed record OracleCase(IReadOnlyList<string> Lines, bool HostDependent = false);

internal enum OracleVerdictKind
{
    Accepted,
    Rejected,
    Help,
}

/// <summary>
/// What happened: accepted, help printed, or rejected with QEMU's message. <see cref="Line"/> is the
/// index of the line whose *options* were refused (QEMU prefixes those with "-object LINE:"), null for
/// a failure while creating the object.
/// </summary>
internal sealed record OracleVerdict(OracleVerdictKind Kind, string? Message = null, int? Line = null, string? Hint = null)
{
    public static readonly OracleVerdict Accepted = new(OracleVerdictKind.Accepted);
    public static readonly OracleVerdict Help = new(OracleVerdictKind.Help);

    public bool SameAs(OracleVerdict qemu) =>
        Kind == qemu.Kind && Message == qemu.Message && Line == qemu.Line
        && (qemu.Hint is null || Hint == qemu.Hint);

    public override string ToString() => Kind switch
    {
        OracleVerdictKind.Rejected => $"rejected {(Line is { } l ? $"option of line {l}" : "at creation")}: {Message}{(Hint is null ? "" : $" [hint: {Hint}]")}",
        _ => Kind.ToString().ToLowerInvariant(),
    };
}

/// <summary>Our verdict, following QEMU 7.2's order (see <see cref="ObjectCommandLine"/>): every line's options, help, then creation stage by stage.</summary>
internal static class OracleOurs
{
    public static OracleVerdict Evaluate(OracleCase c)
    {
        using var registry = new ObjectRegistry(OracleCorpus.Catalog(), new ObjectRegistryOptions { AllowWorldReadableSecretFiles = true });
        try
        {
            return Evaluate(ObjectCommandLine.Run(registry, c.Lines));
        }
        catch (Exception e)
        {
            return new OracleVerdict(OracleVerdictKind.Rejected, $"CRASH {e.GetType().Name}: {e.Message}", -1);
        }
    }

    public static OracleVerdict Evaluate(ObjectCommandLineResult result)
    {
        if (result.HelpLine is not null)
        {
            // QEMU prints the types or the type's properties and exits (main exits 0).
            return OracleVerdict.Help;
        }

        if (result.FirstError is { Error: { } e } first)
        {
            return new OracleVerdict(OracleVerdictKind.Rejected, e.QemuMessage, first.Phase == ObjectPhase.Options ? first.Index : null, e.Hint);
        }

        return OracleVerdict.Accepted;
    }
}

/// <summary>Runs QEMU for every case, several at a time, and reads its verdict from stderr.</summary>
internal static class OracleQemu
{
    internal const string Program = "qemu-system-x86_64";
    internal const string SentinelLine = "filter-buffer,id=zzsentinel,netdev=n0,interval=1,position=id=zzmissing";
    private const string SentinelMessage = "filter 'zzmissing' not found";

    // Host resources the corpus may name: a network backend and null chardevs.
    private static readonly string[] Fixture =
    [
        "-machine", "none", "-nodefaults", "-display", "none", "-S", "-monitor", "none", "-serial", "none",
        "-netdev", "hubport,id=n0,hubid=0",
        "-chardev", "null,id=c0", "-chardev", "null,id=c1", "-chardev", "null,id=c2", "-chardev", "null,id=c3",
    ];

    public static async Task<OracleVerdict[]> RunAllAsync(string qemu, IReadOnlyList<OracleCase> corpus, CancellationToken cancel)
    {
        var results = new OracleVerdict[corpus.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(4, Environment.ProcessorCount * 2), CancellationToken = cancel };
        await Parallel.ForEachAsync(Enumerable.Range(0, corpus.Count), parallel, async (i, ct) =>
        {
            results[i] = await RunAsync(qemu, corpus[i], ct);
        });
        return results;
    }

    private static async Task<OracleVerdict> RunAsync(string qemu, OracleCase c, CancellationToken cancel)
    {
        var (exit, stdout, stderr) = await RunRawAsync(qemu, c.Lines, cancel);
        return Interpret(c, exit, stdout, stderr);
    }

    /// <summary>Runs QEMU with the fixture, the lines and the sentinel; its exit code and output.</summary>
    internal static async Task<(int Exit, string Stdout, string Stderr)> RunRawAsync(string qemu, IReadOnlyList<string> lines, CancellationToken cancel)
    {
        var start = new ProcessStartInfo(qemu)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in Fixture)
        {
            start.ArgumentList.Add(a);
        }

        foreach (var line in lines)
        {
            start.ArgumentList.Add("-object");
            start.ArgumentList.Add(line);
        }

        start.ArgumentList.Add("-object");
        start.ArgumentList.Add(SentinelLine);

        using var process = System.Diagnostics.Process.Start(start) ?? throw new InvalidOperationException($"could not start {qemu}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancel);
        var stderr = process.StandardError.ReadToEndAsync(cancel);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        timeout.CancelAfter(TimeSpan.FromSeconds(20));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{Program} did not exit for {string.Join(" ", lines)}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }

    internal static OracleVerdict Interpret(OracleCase c, int exitCode, string stdout, string stderr)
    {
        var lines = stderr.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (!lines[i].StartsWith(Program + ": ", StringComparison.Ordinal))
            {
                continue;
            }

            var rest = lines[i][(Program.Length + 2)..];
            int? lineIndex = null;
            var longest = -1;
            for (var l = 0; l < c.Lines.Count; l++)
            {
                var prefix = "-object " + c.Lines[l] + ": ";
                if (rest.StartsWith(prefix, StringComparison.Ordinal) && prefix.Length > longest)
                {
                    lineIndex = l;
                    longest = prefix.Length;
                }
            }

            if (lineIndex is not null)
            {
                rest = rest[longest..];
            }
            else if (rest.StartsWith("-object " + SentinelLine + ": ", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"the sentinel's options were refused: {lines[i]}");
            }

            if (rest.StartsWith("warning: ", StringComparison.Ordinal) || rest.StartsWith("GLib", StringComparison.Ordinal))
            {
                // Warnings, and GLib criticals QEMU logs while it unwinds a failed object (the error follows).
                continue;
            }

            if (lineIndex is null && rest == SentinelMessage)
            {
                return OracleVerdict.Accepted;
            }

            // Lines without the program prefix that follow an error are its hint (error_append_hint).
            var hint = new StringBuilder();
            for (var h = i + 1; h < lines.Length && lines[h].Length > 0 && !lines[h].StartsWith(Program + ": ", StringComparison.Ordinal); h++)
            {
                hint.Append(hint.Length > 0 ? "\n" : "").Append(lines[h]);
            }

            return new OracleVerdict(OracleVerdictKind.Rejected, rest, lineIndex, hint.Length > 0 ? hint.ToString() : null);
        }

        if (exitCode == 0 && (stdout.Contains("options:", StringComparison.Ordinal) || stdout.Contains("List of user creatable objects", StringComparison.Ordinal)
            || stdout.Contains("There are no options for", StringComparison.Ordinal)))
        {
            return OracleVerdict.Help;
        }

        // A crash or an unknown way of failing: reported as a disagreement with its output.
        return new OracleVerdict(OracleVerdictKind.Rejected, $"NO VERDICT (exit {exitCode}): {stderr.Trim()} {stdout.Trim()}", -1);
    }
}

/// <summary>Files and kernel keys the corpus refers to; removed again on dispose.</summary>
internal sealed class OracleEnvironment : IDisposable
{
    // QEMU's test-crypto-secret known-answer vector.
    public const string MasterKeyBase64 = "9miloPQCzGy+TL6aonfzVcptibCmCIhKzrnlfwiWivk=";
    public const string IvBase64 = "0I7Gw/TKuA+Old2W2apQ3g==";
    public const string CiphertextBase64 = "zL/3CUYZC1IqOrRrzXqwsA==";

    private readonly List<int> _keys = [];
    private readonly Stopwatch _sinceExpiry = new();

    private OracleEnvironment(DirectoryInfo dir) => Dir = dir.FullName;

    public string Dir { get; }

    public int GoodKey { get; private set; }
    public int Base64Key { get; private set; }
    public int CipherKey { get; private set; }
    public int MasterKey { get; private set; }
    public int RevokedKey { get; private set; }
    public int ExpiredKey { get; private set; }

    public static OracleEnvironment Create()
    {
        var env = new OracleEnvironment(Directory.CreateTempSubdirectory("qcrypto-oracle-"));
        try
        {
            env.Setup();
            return env;
        }
        catch
        {
            env.Dispose();
            throw;
        }
    }

    public string Path(string name) => System.IO.Path.Combine(Dir, name);

    private void Setup()
    {
        var tag = $"qcrypto-oracle-{Environment.ProcessId}";
        ExpiredKey = AddKey($"{tag}-expired", "Test Payload"u8);
        OracleTools.Run("keyctl", ["timeout", Serial(ExpiredKey), "1"]);
        _sinceExpiry.Start();
        GoodKey = AddKey($"{tag}-good", "Test Payload"u8);
        Base64Key = AddKey($"{tag}-b64", "MTIzNDU2"u8);
        // With a newline (allowed in base64): QEMU reads one byte past a keyring payload when it base64-decodes
        // it (qbase64_decode checks for a NUL there), and a 24-byte heap block has no such NUL.
        CipherKey = AddKey($"{tag}-crypt", Encoding.ASCII.GetBytes(CiphertextBase64 + "\n"));
        MasterKey = AddKey($"{tag}-master", Convert.FromBase64String(MasterKeyBase64));
        RevokedKey = AddKey($"{tag}-revoked", "Test Payload"u8);
        OracleTools.Run("keyctl", ["revoke", Serial(RevokedKey)]);

        Write("plain", "123456"u8);
        Write("empty", []);
        Write("newline", "123456\n"u8);
        Write("utf8", "pässwörd"u8);
        Write("b64", "MTIzNDU2"u8);
        Write("b64-newline", "MTIzNDU2\n"u8);
        Write("b64-crlf", "MTIzNDU2\r\n"u8);
        Write("b64-nul", "MTIz\0NDU2"u8);
        Write("b64-space", "MTIz NDU2"u8);
        Write("b64-urlsafe", "-_-_"u8);
        Write("master", Convert.FromBase64String(MasterKeyBase64));
        Write("master-newline", [.. Convert.FromBase64String(MasterKeyBase64), (byte)'\n']);
        Write("master-b64", Encoding.ASCII.GetBytes(MasterKeyBase64));
        Write("master-b64-newline", Encoding.ASCII.GetBytes(MasterKeyBase64 + "\n"));
        Write("master-short", Convert.FromBase64String(MasterKeyBase64)[..16]);
        Write("cipher", Convert.FromBase64String(CiphertextBase64));
        Write("cipher-b64", Encoding.ASCII.GetBytes(CiphertextBase64));
        Write("cipher-15", Convert.FromBase64String(CiphertextBase64)[..15]);
        Write("cipher-17", [.. Convert.FromBase64String(CiphertextBase64), 1]);
        Directory.CreateDirectory(Path("subdir"));
        Write("world-readable", "123456"u8, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
    }

    /// <summary>Lets the expiring key expire (its timeout is one second).</summary>
    public void WaitForExpiry()
    {
        var left = TimeSpan.FromMilliseconds(1300) - _sinceExpiry.Elapsed;
        if (left > TimeSpan.Zero)
        {
            Thread.Sleep(left);
        }
    }

    public static string Serial(int serial) => serial.ToString(CultureInfo.InvariantCulture);

    private int AddKey(string name, ReadOnlySpan<byte> payload)
    {
        var text = OracleTools.Run("keyctl", ["padd", "user", name, "@u"], payload.ToArray());
        var serial = int.Parse(text.Trim(), CultureInfo.InvariantCulture);
        _keys.Add(serial);
        return serial;
    }

    private void Write(string name, ReadOnlySpan<byte> bytes, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        var path = Path(name);
        File.WriteAllBytes(path, bytes.ToArray());
        File.SetUnixFileMode(path, mode);
    }

    public void Dispose()
    {
        foreach (var key in _keys)
        {
            try
            {
                OracleTools.Run("keyctl", ["unlink", Serial(key), "@u"]);
            }
            catch (InvalidOperationException)
            {
                // Already gone (expired keys may be garbage-collected by the kernel).
            }
        }

        Directory.Delete(Dir, recursive: true);
    }
}

internal static class OracleTools
{
    public static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin")
            .Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => System.IO.Path.Combine(d, program))
            .FirstOrDefault(File.Exists);

    /// <summary>Runs a tool to completion; throws with its stderr when it fails or is missing.</summary>
    public static string Run(string program, IReadOnlyList<string> args, byte[]? stdin = null)
    {
        var path = Find(program) ?? throw new InvalidOperationException(
            $"{program} is not installed: the QEMU oracle needs it (apt-get install {(program == "keyctl" ? "keyutils" : program)})");
        var start = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = System.Diagnostics.Process.Start(start)!;
        if (stdin is not null)
        {
            process.StandardInput.BaseStream.Write(stdin);
        }

        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(" ", args)} failed ({process.ExitCode}): {stderr}");
        }

        return stdout.Result;
    }
}

/// <summary>
/// The corpus: grammar edge cases, the check order, every seed type with good and bad values of each
/// property (generated from the schema of every type, <see cref="SeedSchemas.All"/> and the implemented sev-guest), QEMU's setter and completion checks, size
/// and integer spellings, and secrets of every source and encryption with good and bad inputs.
/// </summary>
internal static class OracleCorpus
{
    // Types whose creation needs what we do not model: credentials files (TLS), a crashing QEMU
    // (colo-compare asserts on its error path), or types the Debian build cannot create.
    private static readonly HashSet<string> HostDependentTypes =
    [
        "tls-creds-anon", "tls-creds-psk", "tls-creds-x509", "colo-compare", "authz-listfile", "authz-pam",
    ];

    /// <summary>The seed types as schema-only types, plus sev-guest, whose schema lives in Qcrypto.Sev (creating it touches no host resource).</summary>
    public static ObjectTypeCatalog Catalog() => ObjectTypeCatalog.CreateDefault().AddSev();

    public static List<OracleCase> Build(OracleEnvironment env)
    {
        var cases = new List<OracleCase>();
        Grammar(cases);
        CheckOrder(cases);
        foreach (var schema in SeedSchemas.All.Append(SevGuest.Definition.Schema))
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
    private static List<(string Name, string Value)> Base(ObjectTypeSchema schema, OracleEnvironment env) => schema.Name switch
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
    private static bool NamesResource(string type, string property) => property switch
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

    /// <summary>QEMU's setter and completion checks of the seed types.</summary>
    private static void TypeChecks(List<OracleCase> cases, OracleEnvironment env)
    {
        string[] lines =
        [
            "memory-backend-ram,id=m0,size=0", "memory-backend-ram,id=m0,size=1M,prealloc-threads=0", "memory-backend-ram,id=m0,size=1M,prealloc-threads=4,prealloc=on",
            "memory-backend-ram,id=m0,size=1M,host-nodes=0", "memory-backend-ram,id=m0,size=1M,policy=preferred", "memory-backend-ram,id=m0,size=1M,policy=interleave",
            "memory-backend-ram,id=m0,size=1M,policy=bind", "memory-backend-ram,id=m0,size=1M,policy=default,host-nodes=0", "memory-backend-ram,id=m0,size=1M,policy=preferred,host-nodes=0",
            "memory-backend-ram,id=m0,size=1M,policy=interleave,host-nodes=0", "memory-backend-ram,id=m0,size=1M,policy=bind,host-nodes=128",
            "memory-backend-memfd,id=m0,size=1M,hugetlbsize=0", "memory-backend-memfd,id=m0,size=1M,hugetlbsize=2M", "memory-backend-memfd,id=m0,size=1M,hugetlbsize=3M",
            "memory-backend-memfd,id=m0,size=1M,hugetlbsize=1", "memory-backend-memfd,id=m0,size=1M,hugetlbsize=3M,policy=bind",
            "memory-backend-memfd,id=m0,size=0,hugetlbsize=3M", "memory-backend-memfd,id=m0,size=1M,seal=off",
            "memory-backend-memfd,id=m0,size=1M,policy=bind,host-nodes=0,prealloc-threads=0",
            "cryptodev-backend-builtin,id=c0", "cryptodev-backend-builtin,id=c0,queues=0", "cryptodev-backend-builtin,id=c0,queues=1",
            "cryptodev-backend-builtin,id=c0,queues=2", "cryptodev-backend-builtin,id=c0,queues=64", "cryptodev-vhost-user,id=c0,chardev=c0,queues=0",
            "filter-buffer,id=f0,netdev=n0,interval=0", "filter-buffer,id=f0,netdev=n0,interval=4294967295", "filter-buffer,id=f0,netdev=n0,interval=1,status=off",
            "filter-buffer,id=f0,netdev=n0,interval=1,status=bad", "filter-buffer,id=f0,netdev=n0,interval=1,status=", "filter-buffer,id=f0,netdev=n0,interval=1,status=ON",
            "filter-buffer,id=f0,netdev=n0,interval=1,position=head", "filter-buffer,id=f0,netdev=n0,interval=1,position=tail",
            "filter-buffer,id=f0,netdev=n0,interval=1,position=bad", "filter-buffer,id=f0,netdev=n0,interval=1,position=id",
            "filter-buffer,id=f0,netdev=n0,interval=1,position=", "filter-buffer,id=f0,netdev=n0,interval=0,status=bad",
            "filter-buffer,id=f0,netdev=n0,interval=1,status=bad,position=bad", "filter-buffer,id=f0,netdev=n0,interval=1,position=bad,status=bad",
            "filter-dump,id=f0,netdev=n0,file=" + env.Path("dump.pcap") + ",maxlen=0",
            "filter-redirector,id=f0,netdev=n0", "filter-redirector,id=f0,netdev=n0,outdev=c1", "filter-redirector,id=f0,netdev=n0,indev=c0,outdev=c1",
            "filter-redirector,id=f0,netdev=n0,indev=c0,outdev=c0", "filter-redirector,id=f0,netdev=n0,indev=,outdev=", "filter-redirector,id=f0,netdev=n0,status=bad",
            "filter-mirror,id=f0,netdev=n0,outdev=c0,queue=rx,insert=before,position=head", "filter-rewriter,id=f0,netdev=n0,vnet_hdr_support=on",
            "iothread,id=i0", "iothread,id=i0,poll-max-ns=-1", "iothread,id=i0,poll-grow=-1", "iothread,id=i0,poll-shrink=-1", "iothread,id=i0,aio-max-batch=-1",
            "iothread,id=i0,thread-pool-min=-1", "iothread,id=i0,thread-pool-max=-1", "iothread,id=i0,thread-pool-min=10,thread-pool-max=5",
            "iothread,id=i0,thread-pool-max=0", "iothread,id=i0,thread-pool-min=5,thread-pool-max=5", "iothread,id=i0,thread-pool-min=0,thread-pool-max=1",
            "iothread,id=i0,thread-pool-max=2147483647", "iothread,id=i0,thread-pool-max=2147483648", "iothread,id=i0,thread-pool-min=2147483648",
            "iothread,id=i0,thread-pool-min=65", "iothread,id=i0,thread-pool-min=64", "iothread,id=i0,poll-max-ns=9223372036854775807",
            "iothread,id=i0,aio-max-batch=9223372036854775807", "iothread,id=i0,thread-pool-max=-1,thread-pool-min=-1",
            "iothread,id=i0,thread-pool-min=-1,thread-pool-max=-1", "memory-backend-memfd,id=m0,size=1M,hugetlbsize=3",
            "memory-backend-memfd,id=m0,size=1M,hugetlbsize=6", "memory-backend-memfd,id=m0,size=1M,hugetlbsize=0x8000000000000000", "memory-backend-ram,id=m0,size=0,prealloc-threads=0,host-nodes=300",
            "filter-buffer,id=f0,netdev=n0,status=bad,position=bad,interval=0", "secret_keyring,id=k0,serial=0,loaded=on",
            "secret_keyring,id=k0,serial=0", "secret_keyring,id=k0,serial=0x0", "secret_keyring,id=k0,serial=-0",
            "sev-guest,id=v0,reduced-phys-bits=0", "sev-guest,id=v0,reduced-phys-bits=1,cbitpos=47,policy=0x5,handle=0,kernel-hashes=on,sev-device=/dev/nope",
            "rng-builtin,id=r0", "rng-random,id=r0", "rng-egd,id=r0,chardev=c0", "authz-list,id=a0", "authz-list,id=a0,policy=allow", "authz-simple,id=a0,identity=",
        ];
        foreach (var line in lines)
        {
            One(cases, line);
        }
    }

    private static void Secrets(List<OracleCase> cases, OracleEnvironment env)
    {
        var key = $"secret,id=k0,data={OracleEnvironment.MasterKeyBase64},format=base64";
        var iv = OracleEnvironment.IvBase64;
        string F(string name) => ObjectLineWriter.Escape(env.Path(name));

        string[] lines =
        [
            "secret,id=s0,data=123456", "secret,id=s0,data=", "secret,id=s0", "secret,id=s0,format=base64", "secret,id=s0,data=x,file=" + F("plain"),
            "secret,id=s0,file=" + F("plain") + ",data=x", "secret,id=s0,file=" + F("plain"), "secret,id=s0,file=" + F("empty"), "secret,id=s0,file=" + F("newline"),
            "secret,id=s0,file=" + F("utf8"), "secret,id=s0,file=" + F("world-readable"), "secret,id=s0,file=" + F("does-not-exist"), "secret,id=s0,file=" + F("subdir"),
            "secret,id=s0,file=" + F("plain") + "/x", "secret,id=s0,file=", "secret,id=s0,file=" + F("b64") + ",format=base64",
            "secret,id=s0,file=" + F("b64-newline") + ",format=base64", "secret,id=s0,file=" + F("b64-crlf") + ",format=base64",
            "secret,id=s0,file=" + F("b64-nul") + ",format=base64", "secret,id=s0,file=" + F("b64-space") + ",format=base64",
            "secret,id=s0,file=" + F("b64-urlsafe") + ",format=base64", "secret,id=s0,file=" + F("empty") + ",format=base64",
            "secret,id=s0,data=MTIzNDU2,format=base64", "secret,id=s0,data=MTI$NDU2,format=base64", "secret,id=s0,data=YQ,format=base64",
            "secret,id=s0,data=YQ==,format=base64", "secret,id=s0,data=====,format=base64", "secret,id=s0,data=,format=base64",
            "secret,id=s0,data=-_,format=base64", "secret,id=s0,data=a b,format=base64", "secret,id=s0,data=f0VMRgIBAQAAAA==,format=base64",
            "secret,id=s0,data=A,format=base64", "secret,id=s0,data=AB=C,format=base64", "secret,id=s0,data=é,format=base64",
            "secret,id=s0,data=123456,format=raw", "secret,id=s0,data=x,keyid=nokey", "secret,id=s0,data=x,keyid=s0", "secret,id=s0,data=x,keyid=",
            "secret,id=s0,data=x,iv=" + iv, "secret,id=s0,data=x,iv=$$$", "secret,id=s0,data=x,keyid=nokey,iv=$$$",
        ];
        foreach (var line in lines)
        {
            One(cases, line);
        }

        // Encrypted secrets: QEMU's crypt rows, every decrypt check, and masters from every source.
        string[] encrypted =
        [
            $"secret,id=s0,file={F("cipher")},keyid=k0,iv={iv}", $"secret,id=s0,data={OracleEnvironment.CiphertextBase64},format=base64,keyid=k0,iv={iv}",
            $"secret,id=s0,file={F("cipher-b64")},format=base64,keyid=k0,iv={iv}", $"secret,id=s0,data={OracleEnvironment.CiphertextBase64},keyid=k0,iv={iv}",
            $"secret,id=s0,data=x,keyid=k0", $"secret,id=s0,data=x,keyid=k0,iv=0I7Gw/TKuA+Old2W2a", $"secret,id=s0,data=x,keyid=k0,iv=0I7Gw/TK$$uA+Old2W2a",
            $"secret,id=s0,data=x,keyid=k0,iv=", $"secret,id=s0,data=x,keyid=k0,iv={iv}{iv}", $"secret,id=s0,data=x,keyid=k0,iv=0I7Gw/TKuA+Old2W2apQ3g",
            $"secret,id=s0,data=x,keyid=k0,iv=0I7Gw/TKuA+Old2W2apQ3g=", $"secret,id=s0,data=x,keyid=k0,iv=0I7Gw/TKuA+Old2W2apQ3g=x",
            $"secret,id=s0,data=123456789012345,keyid=k0,iv={iv}", $"secret,id=s0,data=0123456789abcdef,keyid=k0,iv={iv}",
            $"secret,id=s0,data=0123456789abcdeX,keyid=k0,iv={iv}", $"secret,id=s0,file={F("cipher-15")},keyid=k0,iv={iv}",
            $"secret,id=s0,file={F("cipher-17")},keyid=k0,iv={iv}", $"secret,id=s0,data=MTIz$,format=base64,keyid=k0,iv={iv}",
            $"secret,id=s0,data=x,keyid=k0,iv={iv},format=bogus", $"secret,id=s0,file={F("world-readable")},keyid=k0,iv={iv}",
            $"secret,id=s0,data={OracleEnvironment.CiphertextBase64},format=base64,keyid=k0,iv=$$$",
            $"secret,id=s0,data={OracleEnvironment.CiphertextBase64},format=base64,keyid=k0,iv=0I7Gw/TKuA+Old2W2a",
        ];
        foreach (var line in encrypted)
        {
            One(cases, key, line);
        }

        var sec = $"secret,id=s0,data={OracleEnvironment.CiphertextBase64},format=base64,keyid=k0,iv={iv}";
        string[] masters =
        [
            $"secret,id=k0,file={F("master")}", $"secret,id=k0,file={F("master-newline")}", $"secret,id=k0,file={F("master-b64")}",
            $"secret,id=k0,file={F("master-b64")},format=base64", $"secret,id=k0,file={F("master-b64-newline")},format=base64",
            $"secret,id=k0,file={F("master-short")}", "secret,id=k0,data=9miloPQCzGy+TL6aonfzVc,format=base64", $"secret,id=k0,data={OracleEnvironment.MasterKeyBase64}",
            $"secret_keyring,id=k0,serial={env.MasterKey}", "iothread,id=k0", "secret,id=k0,data=",
            "secret,id=k0,data=0123456789abcdef0123456789abcdef", "secret,id=k0,data=0123456789abcdef0123456789abcde",
        ];
        foreach (var master in masters)
        {
            One(cases, master, sec);
        }

        // Chains: the master key is itself encrypted, three and four levels deep.
        var (k1, k1Iv) = Encrypt(Convert.FromBase64String(OracleEnvironment.MasterKeyBase64), "k1 key material ................"u8.ToArray());
        var (k2, k2Iv) = Encrypt("k1 key material ................"u8.ToArray(), "k2 key material ................"u8.ToArray());
        var (s2, s2Iv) = Encrypt("k2 key material ................"u8.ToArray(), "the secret"u8.ToArray());
        var (s1, s1Iv) = Encrypt("k1 key material ................"u8.ToArray(), "the secret"u8.ToArray());
        var k1Line = $"secret,id=k1,data={k1},format=base64,keyid=k0,iv={k1Iv}";
        var k2Line = $"secret,id=k2,data={k2},format=base64,keyid=k1,iv={k2Iv}";
        One(cases, key, k1Line, $"secret,id=s0,data={s1},format=base64,keyid=k1,iv={s1Iv}");
        One(cases, key, k1Line, k2Line, $"secret,id=s0,data={s2},format=base64,keyid=k2,iv={s2Iv}");
        One(cases, key, k1Line, k2Line, $"secret,id=s0,data={s2},format=base64,keyid=k1,iv={s2Iv}");
        One(cases, key, $"secret,id=k1,data={k1},format=base64,keyid=k1,iv={k1Iv}");
        One(cases, key, $"secret,id=k1,data={k1},format=base64,keyid=k2,iv={k1Iv}", k2Line);
    }

    private static void Keyring(List<OracleCase> cases, OracleEnvironment env)
    {
        var iv = OracleEnvironment.IvBase64;
        string[] lines =
        [
            $"secret_keyring,id=k0,serial={env.GoodKey}", $"secret_keyring,id=k0,serial=0x{env.GoodKey:x8}", $"secret_keyring,id=k0,serial=0{Convert.ToString(env.GoodKey, 8)}",
            $"secret_keyring,id=k0,serial={env.RevokedKey}", $"secret_keyring,id=k0,serial={env.ExpiredKey}", "secret_keyring,id=k0,serial=1",
            "secret_keyring,id=k0,serial=-1", "secret_keyring,id=k0,serial=2147483647", "secret_keyring,id=k0,serial=2147483648", "secret_keyring,id=k0,serial=-2147483648",
            "secret_keyring,id=k0,serial=0xffffffff", "secret_keyring,id=k0,serial=abc", "secret_keyring,id=k0,serial=", $"secret_keyring,id=k0,serial={env.Base64Key},format=base64",
            $"secret_keyring,id=k0,serial={env.GoodKey},format=base64", $"secret_keyring,id=k0,serial={env.GoodKey},data=x",
            $"secret_keyring,id=k0,serial={env.GoodKey},loaded=on", $"secret_keyring,id=k0,serial={env.GoodKey},keyid=nokey",
            $"secret_keyring,id=k0,serial={env.RevokedKey},keyid=nokey",
        ];
        foreach (var line in lines)
        {
            One(cases, line);
        }

        var key = $"secret,id=m0,data={OracleEnvironment.MasterKeyBase64},format=base64";
        One(cases, key, $"secret_keyring,id=k0,serial={env.CipherKey},format=base64,keyid=m0,iv={iv}");
        One(cases, key, $"secret_keyring,id=k0,serial={env.CipherKey},keyid=m0,iv={iv}");
        One(cases, key, $"secret_keyring,id=k0,serial={env.CipherKey},format=base64,keyid=m0");
        One(cases, key, $"secret_keyring,id=k0,serial={env.RevokedKey},format=base64,keyid=m0");
        One(cases, $"secret_keyring,id=m0,serial={env.MasterKey}", $"secret,id=s0,data={OracleEnvironment.CiphertextBase64},format=base64,keyid=m0,iv={iv}");
        One(cases, $"secret_keyring,id=m0,serial={env.GoodKey}", $"secret,id=s0,data={OracleEnvironment.CiphertextBase64},format=base64,keyid=m0,iv={iv}");
        One(cases, $"secret_keyring,id=m0,serial={env.MasterKey}", $"secret_keyring,id=k0,serial={env.CipherKey},format=base64,keyid=m0,iv={iv}");
    }

    /// <summary>AES-256-CBC/PKCS#7 with a fresh IV, done here (not by the library under test); base64 out.</summary>
    private static (string Ciphertext, string Iv) Encrypt(byte[] key, byte[] plaintext)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        var iv = RandomNumberGenerator.GetBytes(16);
        return (Convert.ToBase64String(aes.EncryptCbc(plaintext, iv, PaddingMode.PKCS7)), Convert.ToBase64String(iv));
    }
}
